// Starts Swagger UI on /-/docs with this server's OpenAPI description. A file, not an inline
// script: the content security policy allows scripts from this server only. No validator
// badge (it would call validator.swagger.io) and no "try it out" calls anywhere but here.
(function () {
  "use strict";
  function start() {
    var node = document.getElementById("swagger-ui");
    if (!node || typeof window.SwaggerUIBundle === "undefined") { return; }
    window.SwaggerUIBundle({
      url: node.getAttribute("data-openapi"),
      domNode: node,
      validatorUrl: null,
      deepLinking: false,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
    document.body.classList.add("swagger-ready");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
