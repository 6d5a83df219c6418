// The gallery: every contract's state from /__admin/state, changed through the contracts'
// own APIs with the demo seed's credentials, redrawn whenever the mock says it changed.
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("gallery-config").textContent);
  const EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
    "image/svg+xml": "svg", "image/bmp": "bmp",
  };
  const PICTURE_TYPES = { detail: "DETAIL_PICTURE", preview: "PREVIEW_PICTURE" };
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

  // Closient ------------------------------------------------------------------------------
  const closientUrl = (org, gtin) => `/dashboard/api/v1/trade-items/${org}/${gtin}/images`;

  async function closientUpload(org, gtin, file, primary, title) {
    const form = new FormData();
    form.append("image", file, file.name || "image");
    form.append("title", title ?? (file.name || "").replace(/\.[^.]*$/, ""));
    if (primary) form.append("is_primary", "true");
    return call(`upload ${file.name}`, fetch(closientUrl(org, gtin), {
      method: "POST", headers: { "X-API-Key": config.organizationKeys[org] }, body: form,
    }));
  }

  const closientDelete = (org, gtin, id) => call(`delete ${id}`, fetch(
    `${closientUrl(org, gtin)}/${id}`,
    { method: "DELETE", headers: { "X-API-Key": config.organizationKeys[org] } },
  ));

  // The API has no call that makes a stored image primary: it is uploaded again as the
  // primary one, and the old copy deleted.
  async function closientMakePrimary(org, gtin, image, src) {
    const blob = await (await fetch(src)).blob();
    const file = new File([blob], `${image.id}.${EXTENSIONS[image.media_type]}`, { type: image.media_type });
    const added = await closientUpload(org, gtin, file, true, image.title);
    if (added && added.ok) await closientDelete(org, gtin, image.id);
  }

  function closient(state) {
    const body = [];
    for (const org of state.organizations || []) {
      const key = config.organizationKeys[org.id];
      const products = org.products.map((product) => {
        const primaryBox = el("input", { type: "checkbox", class: "as-primary" });
        const upload = (files) => files.forEach((file) => closientUpload(org.id, product.gtin, file, primaryBox.checked));
        const cards = product.images.map((image) => {
          const src = `/media/${org.id}/${product.gtin}/${image.id}.${EXTENSIONS[image.media_type]}`;
          return el("div", { class: "card", "data-image-id": image.id, "data-primary": image.is_primary },
            el("img", { src, alt: image.title || image.id, loading: "lazy" }),
            el("div", { class: "meta" },
              el("div", { class: "title", title: image.title }, image.title || "(untitled)"),
              image.is_primary ? el("span", { class: "badge primary" }, "PRIMARY") : null,
              ` priority ${image.priority} · ${size(image.size)}`),
            key ? el("div", { class: "actions" },
              image.is_primary ? null : el("button", { type: "button", class: "make-primary",
                onclick: () => closientMakePrimary(org.id, product.gtin, image, src) }, "Make primary"),
              el("button", { type: "button", class: "delete",
                onclick: () => closientDelete(org.id, product.gtin, image.id) }, "Delete")) : null);
        });
        const node = el("div", { class: "product", "data-gtin": product.gtin, "data-organization": org.id },
          el("div", { class: "product-head" },
            el("h4", {}, product.name || product.gtin), el("code", {}, product.gtin),
            key ? picker("add:", upload) : el("span", { class: "hint" }, "no contributor key in the seed"),
            key ? el("label", { class: "hint" }, primaryBox, " as primary") : null,
            key ? el("span", { class: "hint" }, "or drop images here") : null),
          el("div", { class: "cards" }, cards.length ? cards : el("span", { class: "empty" }, "no images")));
        return key ? dropTarget(node, upload) : node;
      });
      body.push(el("div", { class: "group" }, el("h3", {}, org.name, " ", el("code", {}, org.id)), products));
    }
    return body;
  }

  // Cloud Images --------------------------------------------------------------------------
  const cloudHeaders = (project, extra = {}) => ({ "X-Auth-Token": config.projectTokens[project], ...extra });

  async function cloudUpload(project, file) {
    const created = await call(`create ${file.name}`, fetch("/v2/images", {
      method: "POST", headers: cloudHeaders(project, { "Content-Type": "application/json" }),
      body: JSON.stringify({ name: file.name, disk_format: "raw", container_format: "bare" }),
    }));
    if (!created || !created.ok) return;
    const image = await created.json();
    await call(`upload ${file.name}`, fetch(`/v2/images/${image.id}/file`, {
      method: "PUT", headers: cloudHeaders(project, { "Content-Type": "application/octet-stream" }), body: file,
    }));
  }

  const cloudProtect = (project, id, value) => call(`${value ? "protect" : "unprotect"} ${id}`, fetch(`/v2/images/${id}`, {
    method: "PATCH",
    headers: cloudHeaders(project, { "Content-Type": "application/openstack-images-v2.1-json-patch" }),
    body: JSON.stringify([{ op: "replace", path: "/protected", value }]),
  }));

  const cloudDelete = (project, id) => call(`delete ${id}`, fetch(`/v2/images/${id}`, {
    method: "DELETE", headers: cloudHeaders(project),
  }));

  function cloudImages(state) {
    return ((state.cloud_images || {}).projects || []).map((project) => {
      const token = config.projectTokens[project.id];
      const upload = (files) => files.forEach((file) => cloudUpload(project.id, file));
      const cards = project.images.map((image) => el("div", { class: "card", "data-image-id": image.id },
        el("div", { class: "meta" },
          el("div", { class: "title", title: image.name }, image.name || "(unnamed)"),
          el("span", { class: "badge status" }, image.status), " ",
          image.protected ? el("span", { class: "badge protected" }, "PROTECTED") : null,
          el("div", {}, `${image.visibility} · ${size(image.size)}`)),
        token ? el("div", { class: "actions" },
          el("button", { type: "button", class: "protect",
            onclick: () => cloudProtect(project.id, image.id, !image.protected) }, image.protected ? "Unprotect" : "Protect"),
          el("button", { type: "button", class: "delete", onclick: () => cloudDelete(project.id, image.id) }, "Delete")) : null));
      const node = el("div", { class: "product", "data-project": project.id },
        el("div", { class: "product-head" }, el("h4", {}, project.name), el("code", {}, project.id),
          token ? picker("add:", upload) : null,
          token ? el("span", { class: "hint" }, "or drop files here (raw disk images)") : null),
        el("div", { class: "cards" }, cards.length ? cards : el("span", { class: "empty" }, "no images")));
      return token ? dropTarget(node, upload) : node;
    });
  }

  // Bitrix24 ------------------------------------------------------------------------------
  const bitrixCall = (method, body) => fetch(`${config.bitrix24Webhook}/catalog.productImage.${method}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });

  async function bitrixUpload(productId, file, type) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return call(`add ${file.name}`, bitrixCall("add", {
      fields: { productId, type }, fileContent: [file.name || "picture.png", btoa(binary)],
    }));
  }

  function bitrix24(state) {
    return ((state.bitrix24 || {}).products || []).map((product) => {
      const hook = config.bitrix24Webhook;
      const typeSelect = el("select", { class: "picture-type" },
        ["MORE_PHOTO", "DETAIL_PICTURE", "PREVIEW_PICTURE"].map((t) => el("option", { value: t }, t)));
      const upload = (files) => files.forEach((file) => bitrixUpload(product.id, file, typeSelect.value));
      const cards = product.pictures.map((picture) => el("div", { class: "card", "data-image-id": picture.id },
        el("img", { src: `/upload/iblock/${picture.key}/${encodeURIComponent(picture.name)}`, alt: picture.name, loading: "lazy" }),
        el("div", { class: "meta" },
          el("div", { class: "title", title: picture.name }, picture.name),
          el("span", { class: "badge status" }, PICTURE_TYPES[picture.slot] || "MORE_PHOTO"), ` #${picture.id} · ${size(picture.size)}`),
        hook ? el("div", { class: "actions" }, el("button", { type: "button", class: "delete",
          onclick: () => call(`delete ${picture.id}`, bitrixCall("delete", { productId: product.id, id: picture.id })) }, "Delete")) : null));
      const node = el("div", { class: "product", "data-product": product.id },
        el("div", { class: "product-head" }, el("h4", {}, product.name), el("code", {}, `#${product.id}`),
          hook ? picker("add:", upload) : null, hook ? typeSelect : null,
          hook ? el("span", { class: "hint" }, "or drop images here") : null),
        el("div", { class: "cards" }, cards.length ? cards : el("span", { class: "empty" }, "no pictures")));
      return hook ? dropTarget(node, upload) : node;
    });
  }

  // Drawing and following ------------------------------------------------------------------
  async function refresh() {
    const response = await fetch("/__admin/state", { cache: "no-store" });
    const text = await response.text();
    if (text === shown) return;
    shown = text;
    const state = JSON.parse(text);
    const draw = { closient, "cloud-images": cloudImages, bitrix24 };
    for (const [id, render] of Object.entries(draw)) {
      document.querySelector(`#${id} .body`).replaceChildren(...render(state));
    }
    document.body.dataset.version = String(Number(document.body.dataset.version || 0) + 1);
  }

  document.getElementById("reset").addEventListener("click", () => call("reset", fetch("/__admin/reset", { method: "POST" })));
  const live = document.getElementById("live");
  const events = new EventSource("/__gallery/events");
  events.onopen = () => { live.textContent = "live"; live.classList.add("on"); };
  events.onerror = () => { live.textContent = "reconnecting…"; live.classList.remove("on"); };
  events.onmessage = () => { refresh(); };
  refresh();
})();
