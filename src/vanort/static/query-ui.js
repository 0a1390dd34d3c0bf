// Starts Yasgui on the query page: this server's /sparql, the example queries as tabs,
// no remote autocompletion (only the local "variables" completer), nothing persisted.
// Then mends what Yasgui 4.6 leaves for assistive technology and this site (re-applied whenever
// Yasgui redraws): labels for its text fields, tabs as plain links (its tablist holds a button
// and points aria-controls at panels that do not exist), a focusable editor scroll area,
// Swedish button names on the Swedish page, and result IRIs under the base linked locally.
(function () {
  "use strict";
  var SV = {
    "Share query": "Dela frågan", "Run query": "Kör frågan", "Add a new tab": "Ny flik", "Add tab": "Ny flik",
    "Close tab": "Stäng fliken", "Shows Table view": "Visa som tabell", "Table": "Tabell",
    "Shows Response view": "Visa svaret", "Response": "Svar", "Download result": "Ladda ner resultatet",
    "Show help": "Visa hjälp", "Query": "Fråga"
  };
  function words(lang) {
    return lang === "sv" ? { query: "SPARQL-fråga", endpoint: "SPARQL-slutpunkt", tabName: "Flikens namn", scroll: "Frågetext" }
                         : { query: "SPARQL query", endpoint: "SPARQL endpoint", tabName: "Tab name", scroll: "Query text" };
  }
  function mend(root, config) {
    var lang = document.documentElement.lang, w = words(lang);
    root.querySelectorAll(".tabsList[role=tablist]").forEach(function (el) { el.removeAttribute("role"); });
    root.querySelectorAll(".tabsList [role=tab]").forEach(function (a) {
      a.removeAttribute("role"); a.removeAttribute("aria-controls");
      if (a.getAttribute("aria-selected") === "true") { a.setAttribute("aria-current", "true"); }
      a.removeAttribute("aria-selected");
    });
    root.querySelectorAll(".tabsList input:not([aria-label])").forEach(function (el) { el.setAttribute("aria-label", w.tabName); });
    root.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach(function (el) { el.setAttribute("aria-label", w.query); });
    root.querySelectorAll("input.autocomplete:not([aria-label])").forEach(function (el) { el.setAttribute("aria-label", w.endpoint); });
    root.querySelectorAll(".CodeMirror-scroll:not([tabindex=\"0\"])").forEach(function (el) {
      el.setAttribute("tabindex", "0"); el.setAttribute("aria-label", w.scroll);
    });
    if (lang === "sv") {
      root.querySelectorAll("[title], [aria-label]").forEach(function (el) {
        ["title", "aria-label"].forEach(function (name) {
          var value = el.getAttribute(name);
          if (value && SV[value]) { el.setAttribute(name, SV[value]); }
        });
      });
      root.querySelectorAll(".yasr_btn span, .tabsList a > span").forEach(function (el) {
        if (SV[el.textContent]) { el.textContent = SV[el.textContent]; }
      });
    }
    root.querySelectorAll(".yasr a[href^='" + config.base + "']").forEach(function (a) {
      a.setAttribute("href", "/" + a.getAttribute("href").slice(config.base.length));
      a.removeAttribute("target");
    });
  }
  function start() {
    var config = JSON.parse(document.getElementById("query-config").textContent);
    if (typeof window.Yasgui === "undefined") { return; }
    var endpoint = new URL(config.endpoint, window.location.href).href;
    var element = document.getElementById("yasgui");
    var yasgui = new window.Yasgui(element, {
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
    config.examples.forEach(function (example) {
      yasgui.addTab(false, { name: example.name, yasqe: { value: example.query },
                             requestConfig: { endpoint: endpoint } });
    });
    document.getElementById("plain-query").hidden = true;
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; mend(element, config); });
    }).observe(element, { childList: true, subtree: true });
    mend(element, config);
    document.body.classList.add("yasgui-ready");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
