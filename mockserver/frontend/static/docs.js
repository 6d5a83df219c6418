// Swagger UI for one contract: its document as the mock serves it, the demo seed's
// credentials authorized and its path parameters (organization, GTIN, webhook) filled in.
(async () => {
  "use strict";
  const config = JSON.parse(document.getElementById("docs-config").textContent);
  const spec = await (await fetch(config.specUrl)).json();
  const fill = (parameter) => {
    if (parameter && Object.hasOwn(config.parameters, parameter.name)) {
      parameter.example = config.parameters[parameter.name];
    }
  };
  for (const item of Object.values(spec.paths || {})) {
    (item.parameters || []).forEach(fill);
    for (const operation of Object.values(item)) {
      if (operation && Array.isArray(operation.parameters)) operation.parameters.forEach(fill);
    }
  }
  Object.values((spec.components || {}).parameters || {}).forEach(fill);
  // The document as served names the mock by a relative URL ("" or "/v2"), which Swagger
  // UI's Servers list shows empty: offer the mock's own absolute URL instead.
  spec.servers = (spec.servers && spec.servers.length ? spec.servers : [{ url: "" }]).map(
    (server) => ({
      ...server,
      url: new URL(server.url || "/", window.location.origin).href.replace(/\/$/, ""),
      description: server.description || "this mock",
    }),
  );
  const ui = SwaggerUIBundle({
    spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    onComplete: () => {
      for (const [scheme, secret] of Object.entries(config.security)) {
        ui.preauthorizeApiKey(scheme, secret);
      }
    },
  });
  window.ui = ui;
})();
