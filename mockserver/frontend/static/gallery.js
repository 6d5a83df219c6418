// The gallery: every contract's state from /__admin/state, changed through the contracts'
// own APIs with the demo seed's credentials, redrawn whenever the mock says it changed.
//
// Each served contract describes its part (`ContractPlugin.gallery`, as `draw`); this page
// knows no contract. The vocabulary of a description:
//
//   groups       optional: {list: path in the state, heading, code} (a heading per group)
//   holders      {list: path in the state (or in the group), title, code, attributes,
//                 items: the holder's list of cards, empty: text when it has none}
//   credentials  key → the secret the page acts with; credential: the key, a template
//   noCredential text shown in place of the upload controls when there is no credential
//   hint         text after the upload controls
//   options      upload controls: {name, checkbox: label, class} or {name, select: [values],
//                 class}; their value is `name` in the actions' context
//   card         {attributes, image: {src, alt} (optional), meta: [parts], buttons: [
//                 {class, label, if, do: action}]}; a part of meta is {title}, {badge,
//                 class, if}, {text} or {line} (text in a line of its own)
//   actions      name → steps, run in order while each succeeds: {request: {method, url,
//                 headers, json | form | file: true}, say} (its JSON answer is `answer`
//                 to the steps after it), {fetchFile: {url, name, type}} (the file for the
//                 steps after it), or {run: action, with: {name: template}}; `upload` is
//                 run for each file given to a holder, with `file`
//   tables       name → {value → text}, for the `of:` filter
//
// A template is text with {expressions}: a path in the context (group, holder, item,
// credential, file, answer and the options), `a ?? b` for the first of them that is not
// null, `a || b` for the first that is not empty, `'text'` for text, `!path` for the opposite, and filters after `|`: `uri`,
// `size`, `extension` (of a media type), `stem` (a file name without its extension),
// `of:table`. A template that is one expression alone gives its value as it is (a number,
// a boolean), so JSON bodies keep their types.
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("gallery-config").textContent);
  const EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
    "image/svg+xml": "svg", "image/bmp": "bmp",
  };
  const message = document.getElementById("message");
  let shown = "";

  const el = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  };
  const size = (bytes) => (bytes === null || bytes === undefined ? "no data"
    : bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);
  const say = (text) => { message.textContent = text; };

  async function call(what, request) {
    try {
      const response = await request;
      if (!response.ok) say(`${what}: ${response.status} ${(await response.text()).slice(0, 200)}`);
      else say(`${what}: ${response.status}`);
      return response;
    } catch (error) {
      say(`${what}: ${error}`);
      return null;
    }
  }

  function dropTarget(node, onFiles) {
    node.addEventListener("dragover", (event) => { event.preventDefault(); node.classList.add("dragging"); });
    node.addEventListener("dragleave", () => node.classList.remove("dragging"));
    node.addEventListener("drop", (event) => {
      event.preventDefault();
      node.classList.remove("dragging");
      const files = [...(event.dataTransfer ? event.dataTransfer.files : [])];
      if (files.length) onFiles(files);
    });
    return node;
  }

  const picker = (label, onFiles) => el("label", { class: "hint" }, label, " ",
    el("input", { type: "file", accept: "image/*", multiple: true,
      onchange: (event) => { onFiles([...event.target.files]); event.target.value = ""; } }));

  // Templates ------------------------------------------------------------------------------
  const lookup = (path, context) => path.split(".").reduce(
    (value, key) => (value === null || value === undefined ? undefined : value[key]), context);
  const missing = (value) => value === null || value === undefined || value === "";

  function term(text, context) {
    const source = text.trim();
    if (source.startsWith("'") && source.endsWith("'")) return source.slice(1, -1);
    if (source.startsWith("!")) return !lookup(source.slice(1), context);
    return lookup(source, context);
  }

  function expression(source, context, tables) {
    // Filters after a single `|`; alternatives joined by `??` (first not null) or `||`
    // (first not empty).
    const [first, ...filters] = source.split(/(?<!\|)\|(?!\|)/);
    const parts = first.split(/(\?\?|\|\|)/);
    let value = term(parts[0], context);
    for (let i = 1; i < parts.length; i += 2) {
      const settled = parts[i] === "??" ? value !== null && value !== undefined : !missing(value);
      if (settled) break;
      value = term(parts[i + 1], context);
    }
    for (const filter of filters.map((f) => f.trim())) {
      if (filter === "uri") value = encodeURIComponent(value);
      else if (filter === "size") value = size(value);
      else if (filter === "extension") value = EXTENSIONS[value];
      else if (filter === "stem") value = String(value ?? "").replace(/\.[^.]*$/, "");
      else if (filter.startsWith("of:")) {
        const table = tables[filter.slice(3)] || {};
        value = table[value] ?? table[""];
      }
    }
    return value;
  }

  const WHOLE = /^\{([^{}]*)\}$/;
  function render(template, context, tables) {
    if (typeof template !== "string") return template;
    const whole = WHOLE.exec(template);
    if (whole) return expression(whole[1], context, tables);
    return template.replace(/\{([^{}]*)\}/g, (_, source) => {
      const value = expression(source, context, tables);
      return value === null || value === undefined ? "" : String(value);
    });
  }

  const renderAll = (value, context, tables) => (Array.isArray(value)
    ? value.map((item) => renderAll(item, context, tables))
    : value !== null && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderAll(v, context, tables)]))
      : render(value, context, tables));

  const holds = (condition, context) => condition === undefined || Boolean(term(condition, context));

  // Actions --------------------------------------------------------------------------------
  const fileFields = (file) => ({
    blob: file, name: file.name, stem: (file.name || "").replace(/\.[^.]*$/, ""), base64: undefined,
  });

  async function base64(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  function requestBody(request, context, tables) {
    if (request.file) return context.file.blob;
    if (request.json !== undefined) return JSON.stringify(renderAll(request.json, context, tables));
    if (request.form) {
      const form = new FormData();
      for (const [name, field] of Object.entries(request.form)) {
        if (field !== null && typeof field === "object" && field.file) {
          form.append(name, context.file.blob, context.file.name || field.file);
        } else if (field !== null && typeof field === "object") {
          if (holds(field.if, context)) form.append(name, render(field.value, context, tables));
        } else {
          form.append(name, render(field, context, tables));
        }
      }
      return form;
    }
    return undefined;
  }

  // Runs an action's steps in order; false once one fails.
  async function run(draw, name, context) {
    const tables = draw.tables || {};
    for (const step of draw.actions[name] || []) {
      if (step.request) {
        const request = step.request;
        if (context.file && context.file.base64 === undefined && JSON.stringify(request).includes("file.base64")) {
          context.file.base64 = await base64(context.file.blob);
        }
        const headers = renderAll(request.headers || {}, context, tables);
        const response = await call(render(step.say, context, tables), fetch(render(request.url, context, tables), {
          method: request.method, headers, body: requestBody(request, context, tables),
        }));
        if (!response || !response.ok) return false;
        context = { ...context, answer: await response.clone().json().catch(() => null) };
      } else if (step.fetchFile) {
        const where = renderAll(step.fetchFile, context, tables);
        const blob = await (await fetch(where.url)).blob();
        context = { ...context, file: fileFields(new File([blob], where.name, { type: where.type })) };
      } else if (step.run) {
        const given = renderAll(step.with || {}, context, tables);
        if (!(await run(draw, step.run, { ...context, ...given }))) return false;
      }
    }
    return true;
  }

  // Drawing --------------------------------------------------------------------------------
  function card(draw, context) {
    const tables = draw.tables || {};
    const shape = draw.card;
    const meta = (shape.meta || []).filter((part) => holds(part.if, context)).map((part) => {
      if (part.title !== undefined) {
        const title = render(part.title, context, tables);
        return el("div", { class: "title", title: render(part.tooltip ?? part.title, context, tables) }, title);
      }
      if (part.badge !== undefined) {
        return el("span", { class: `badge ${part.class || ""}`.trim() }, render(part.badge, context, tables));
      }
      if (part.line !== undefined) return el("div", {}, render(part.line, context, tables));
      return render(part.text, context, tables);
    });
    const buttons = (shape.buttons || []).filter((button) => holds(button.if, context)).map((button) =>
      el("button", { type: "button", class: button.class, onclick: () => run(draw, button.do, context) },
        render(button.label, context, tables)));
    return el("div", { class: "card", ...renderAll(shape.attributes || {}, context, tables) },
      shape.image ? el("img", { ...renderAll(shape.image, context, tables), loading: "lazy" }) : null,
      el("div", { class: "meta" }, meta),
      context.credential !== undefined && buttons.length ? el("div", { class: "actions" }, buttons) : null);
  }

  function holder(draw, context) {
    const tables = draw.tables || {};
    const shape = draw.holders;
    const credential = (draw.credentials || {})[render(draw.credential || "", context, tables)];
    const acting = credential !== undefined && credential !== null;
    const here = { ...context, credential: acting ? credential : undefined };
    const controls = {};
    const options = (draw.options || []).map((option) => {
      if (option.checkbox !== undefined) {
        const box = el("input", { type: "checkbox", class: option.class });
        controls[option.name] = () => box.checked;
        return el("label", { class: "hint" }, box, option.checkbox);
      }
      const select = el("select", { class: option.class }, option.select.map((v) => el("option", { value: v }, v)));
      controls[option.name] = () => select.value;
      return select;
    });
    const upload = (files) => files.forEach((file) => {
      const chosen = Object.fromEntries(Object.entries(controls).map(([name, value]) => [name, value()]));
      run(draw, "upload", { ...here, ...chosen, file: fileFields(file) });
    });
    const items = lookup(shape.items, context.holder) || [];
    const cards = items.map((item) => card(draw, { ...here, item }));
    const node = el("div", { class: "product", ...renderAll(shape.attributes || {}, context, tables) },
      el("div", { class: "product-head" },
        el("h4", {}, render(shape.title, context, tables)), el("code", {}, render(shape.code, context, tables)),
        acting ? picker("add:", upload)
          : draw.noCredential ? el("span", { class: "hint" }, draw.noCredential) : null,
        acting ? options : null,
        acting && draw.hint ? el("span", { class: "hint" }, draw.hint) : null),
      el("div", { class: "cards" }, cards.length ? cards : el("span", { class: "empty" }, shape.empty)));
    return acting ? dropTarget(node, upload) : node;
  }

  const listed = (path, data) => {
    const value = lookup(path, data);
    return Array.isArray(value) ? value : [];
  };

  function contract(draw, state) {
    const tables = draw.tables || {};
    if (!draw.groups) return listed(draw.holders.list, state).map((h) => holder(draw, { holder: h }));
    return listed(draw.groups.list, state).map((group) => {
      const holders = listed(draw.holders.list, group).map((h) => holder(draw, { group, holder: h }));
      return el("div", { class: "group" },
        el("h3", {}, render(draw.groups.heading, { group }, tables), " ",
          el("code", {}, render(draw.groups.code, { group }, tables))),
        holders);
    });
  }

  // Following ------------------------------------------------------------------------------
  async function refresh() {
    const response = await fetch("/__admin/state", { cache: "no-store" });
    const text = await response.text();
    if (text === shown) return;
    shown = text;
    const state = JSON.parse(text);
    for (const { name, draw } of config.contracts) {
      document.getElementById(name).querySelector(".body").replaceChildren(...contract(draw, state));
    }
    document.body.dataset.version = String(Number(document.body.dataset.version || 0) + 1);
  }

  document.getElementById("reset").addEventListener("click", () => call("reset", fetch("/__admin/reset", { method: "POST" })));
  const live = document.getElementById("live");
  // The request journal, newest first: after each change, and every 2 s while the page is
  // in view (reads change nothing, so no event tells of them). Off (--journal 0): hidden.
  const journal = document.getElementById("journal");
  let journalShown = "";
  async function showJournal() {
    if (document.visibilityState !== "visible" || journal.hidden) return;
    const response = await fetch("/__admin/requests?limit=20", { cache: "no-store" });
    if (response.status === 404) { journal.hidden = true; return; }
    const text = await response.text();
    if (!response.ok || text === journalShown) return;
    journalShown = text;
    const rows = JSON.parse(text).requests.reverse().map((entry) => el("tr",
      { class: entry.status >= 400 ? "failed" : null },
      el("td", {}, entry.time.slice(11, 23)),
      el("td", {}, entry.contract),
      el("td", {}, entry.operation ?? ""),
      el("td", { class: "request" }, `${entry.method} ${entry.path}${entry.query ? "?" + entry.query : ""}`),
      el("td", { class: "status" }, entry.status ?? "…"),
      el("td", {}, entry.duration_ms === null ? "" : entry.duration_ms.toFixed(1))));
    journal.querySelector("tbody").replaceChildren(...rows);
  }
  setInterval(showJournal, 2000);
  showJournal();

  // EventSource reconnects by itself after a stream ends, but not after a refusal (the
  // mock's cap on streams answers 503): then the page asks again a little later.
  function follow() {
    const events = new EventSource("/__gallery/events");
    events.onopen = () => { live.textContent = "live"; live.classList.add("on"); refresh(); };
    events.onerror = () => {
      live.textContent = "reconnecting…";
      live.classList.remove("on");
      if (events.readyState === EventSource.CLOSED) setTimeout(follow, 5000);
    };
    events.onmessage = () => { refresh(); showJournal(); };
  }
  follow();
  refresh();
})();
