// Starts Yasgui on the query page: this server's /sparql, the example queries as tabs,
// no remote autocompletion (only the local "variables" completer), nothing persisted.
(function () {
  "use strict";
  function start() {
    var config = JSON.parse(document.getElementById("query-config").textContent);
    if (typeof window.Yasgui === "undefined") { return; }
    var endpoint = new URL(config.endpoint, window.location.href).href;
    var yasgui = new window.Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      populateFromUrl: false,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      yasqe: { autocompleters: ["variables"], persistenceId: null },
      yasr: { persistenceId: null }
    });
    var first = yasgui.getTab();
    first.setQuery(config.query);
    first.setName ? first.setName("Query") : null;
    config.examples.forEach(function (example) {
      yasgui.addTab(false, { name: example.name, yasqe: { value: example.query },
                             requestConfig: { endpoint: endpoint } });
    });
    document.getElementById("plain-query").hidden = true;
    document.body.classList.add("yasgui-ready");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
