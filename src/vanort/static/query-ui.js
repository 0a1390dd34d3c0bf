// Starts Yasgui on the query page: this server's /sparql, the example queries as tabs,
// no remote autocompletion (only the local "variables" completer), nothing persisted.
// Then mends what Yasgui 4.6 leaves for assistive technology and this site (re-applied whenever
// Yasgui redraws): the run button below the query instead of over it, labels for its text fields, tabs as plain links (its tablist holds a button
// and points aria-controls at panels that do not exist), a focusable editor scroll area,
// Swedish words on the Swedish page (Yasgui has no translations: its texts are replaced, and the
// result table's DataTables strings are given in Swedish), and result IRIs under the base
// linked to this server's own pages in the same window (issue #15).
(function () {
  "use strict";
  var SV = {
    "Share query": "Dela frågan", "Run query": "Kör frågan", "Add a new tab": "Ny flik", "Add tab": "Ny flik",
    "Close tab": "Stäng fliken", "Shows Table view": "Visa som tabell", "Table": "Tabell",
    "Shows Response view": "Visa svaret", "Response": "Svar", "Download result": "Ladda ner resultatet",
    "Download Results": "Ladda ner resultatet", "Show help": "Visa hjälp", "Query": "Fråga",
    "View documentation of Table": "Hjälp om tabellen", "View documentation of Response": "Hjälp om svaret",
    "Clear endpoint": "Töm slutpunkten", "Open settings": "Öppna inställningar", "Simple view": "Enkel vy",
    "Ellipse": "Korta långa värden", "Page size: ": "Rader per sida: ", "Filter query results": "Filtrera resultaten",
    "Show all": "Visa alla", "Show less": "Visa färre", "Download": "Ladda ner", "Copy": "Kopiera"
  };
  // DataTables 2 language options (https://datatables.net/reference/option/language)
  var TABLE_SV = {
    info: "Rad _START_–_END_ av _TOTAL_", infoEmpty: "Inga rader", infoFiltered: "(filtrerat från _MAX_)",
    emptyTable: "Frågan gav inga resultat", zeroRecords: "Inga rader matchar filtret", lengthMenu: "_MENU_ rader per sida",
    search: "Sök:", thousands: "\u00a0", decimal: ",",
    paginate: { first: "&lt;&lt;", last: "&gt;&gt;", next: "&gt;", previous: "&lt;" },
    aria: { paginate: { first: "Första sidan", previous: "Föregående sida", next: "Nästa sida", last: "Sista sidan" },
            orderable: "Sortera efter kolumnen", orderableReverse: "Sortera omvänt", orderableRemove: "Ta bort sorteringen" }
  };
  function chip(text) {  // "826 results in 0.258 seconds" (Yasr's response chip)
    return text.replace(/^(\d+) results? in ([\d.]+) seconds?$/, function (_, n, s) {
      return n + " resultat på " + s.replace(".", ",") + " s";
    }).replace(/^Response in ([\d.]+) seconds?$/, function (_, s) { return "Svar på " + s.replace(".", ",") + " s"; });
  }
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
    // Yasqe draws its run and share buttons inside the editor's box, floating over the query's
    // first lines (on a phone over most of it); the box clips anything placed below them. They
    // move to a toolbar just after the box; their handlers go with them.
    root.querySelectorAll(".yasqe .CodeMirror > .yasqe_buttons").forEach(function (el) {
      var editor = el.parentNode;
      editor.parentNode.insertBefore(el, editor.nextSibling);
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
      root.querySelectorAll("[placeholder]").forEach(function (el) {
        var value = el.getAttribute("placeholder");
        if (SV[value]) { el.setAttribute("placeholder", SV[value]); }
      });
      root.querySelectorAll(".yasr_btn span, .tabsList a > span, .tableControls span").forEach(function (el) {
        if (SV[el.textContent]) { el.textContent = SV[el.textContent]; }
      });
      var english = config.examples.map(function (e) { return e.name; });  // the example queries' titles
      root.querySelectorAll(".tabsList a > span:not([lang])").forEach(function (el) {
        if (english.indexOf(el.textContent) >= 0) { el.setAttribute("lang", "en"); }
      });
      root.querySelectorAll(".yasr_response_chip").forEach(function (el) {
        var said = chip(el.textContent);
        if (said !== el.textContent) { el.textContent = said; }
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
    var table = window.Yasgui.Yasr.plugins.table.defaults;  // read by each result table as it is drawn
    table.openIriInNewWindow = false;
    if (document.documentElement.lang === "sv") { table.tableConfig.language = TABLE_SV; }
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
