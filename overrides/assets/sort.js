// Tables that a reader can filter and sort, over plain Markdown tables (progressive
// enhancement: without this script every row shows, in the build's order).
//
// - Sorting, on pages that ask for it (<div class="sortable-tables">): each column header
//   becomes a button (Enter and Space work), the sorted header carries aria-sort. A cell
//   holding a hidden <span class="sort-key" data-sort-unit data-sort-value> sorts by unit
//   first and by value only within a unit, so m², yuan and counts never interleave.
// - Filtering (<div class="table-filter">, written hidden by the build): each menu names a
//   facet; a row matches when its <span class="facets" data-…> lists the chosen value.
//   Lines of a cell (<span class="facet-line">) are filtered too; a table left with no
//   row hides, with the heading above it.
// - Scrolling: a table wider than the screen gets a shadow on the side that scrolls and,
//   where the page gives the words (data-scroll-hint), a hint above it.
(() => {
  const FACETS = ["region", "park", "year", "kind", "type", "unit"];

  function rowFacets(row) {
    const marker = row.querySelector(".facets");
    return marker ? marker.dataset : null;
  }

  function matches(data, chosen) {
    return Object.entries(chosen).every(([facet, value]) => {
      if (!(facet in data)) return true;  // a line carries only some facets: the row holds the rest
      return (data[facet] || "").split(" ").includes(value);
    });
  }

  // ---------------------------------------------------------------- sorting

  function cellKey(row, col) {
    const cell = row.cells[col];
    if (!cell) return {text: ""};
    const key = cell.querySelector(".sort-key");
    if (key) {
      const value = parseFloat(key.dataset.sortValue);
      return {unit: key.dataset.sortUnit, value: isNaN(value) ? null : value, text: cell.innerText.trim()};
    }
    return {text: cell.innerText.trim()};
  }

  function compare(a, b, asc, lang) {
    if ("unit" in a || "unit" in b) {
      // Rows without a value go last whichever way; units keep one fixed order; values compare within a unit.
      const na = a.value === null || a.value === undefined, nb = b.value === null || b.value === undefined;
      if (na !== nb) return na ? 1 : -1;
      if (!na && a.unit !== b.unit) return a.unit < b.unit ? -1 : 1;
      if (!na) return asc ? a.value - b.value : b.value - a.value;
    }
    const c = a.text.localeCompare(b.text, lang, {numeric: true});
    return asc ? c : -c;
  }

  function sortBy(table, th, col, asc) {
    const body = table.tBodies[0];
    const lang = document.documentElement.lang || "zh";
    const rows = [...body.rows].map((row, i) => ({row, i, key: cellKey(row, col)}));
    rows.sort((x, y) => compare(x.key, y.key, asc, lang) || x.i - y.i);
    let unit;
    for (const {row, key} of rows) {
      // A line above the first row of each unit, so the groups show.
      row.classList.toggle("unit-start", "unit" in key && key.unit !== unit && unit !== undefined);
      if ("unit" in key) unit = key.unit;
      body.appendChild(row);
    }
    table.querySelectorAll("th").forEach(h => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }

  function makeSortable(table) {
    table.querySelectorAll("thead th").forEach((th, col) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", () => {
        sortBy(table, th, col, th.getAttribute("aria-sort") !== "ascending");
      });
    });
  }

  // ---------------------------------------------------------------- filtering

  function tableBlock(table) {
    // Material wraps a table in div.md-typeset__scrollwrap > div.md-typeset__table.
    return table.closest(".md-typeset__scrollwrap") || table;
  }

  function headingBefore(block) {
    let previous = block.previousElementSibling;
    while (previous && previous.classList.contains("scroll-hint")) previous = previous.previousElementSibling;
    return previous && /^H[2-6]$/.test(previous.tagName) ? previous : null;
  }

  function applyFilters(form, tables) {
    const chosen = {};
    form.querySelectorAll("select[data-facet]").forEach(s => { if (s.value) chosen[s.dataset.facet] = s.value; });
    let shown = 0, total = 0;
    for (const table of tables) {
      let visible = 0;
      for (const row of table.tBodies[0].rows) {
        const data = rowFacets(row);
        if (!data) continue;
        total += 1;
        let ok = matches(data, chosen);
        const lines = row.querySelectorAll(".facet-line");
        if (ok && lines.length) {
          let any = false;
          lines.forEach(line => {
            const keep = matches(line.dataset, chosen);
            line.classList.toggle("filtered-out", !keep);
            any = any || keep;
          });
          ok = any;
        }
        row.hidden = !ok;
        if (ok) { visible += 1; shown += 1; }
      }
      const block = tableBlock(table), heading = headingBefore(block);
      block.hidden = visible === 0;
      if (heading) heading.hidden = visible === 0;
    }
    const count = form.querySelector(".table-filter-count");
    if (count) count.textContent = `${form.dataset.shown} ${shown} / ${total}`;
  }

  function setUpFilters(form, afterFilter) {
    const article = form.closest("article") || document;
    const tables = [...article.querySelectorAll("table")].filter(
      t => t.tBodies[0] && [...t.tBodies[0].rows].some(rowFacets)
        && (form.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
    if (!tables.length) return;
    form.hidden = false;
    const apply = () => { applyFilters(form, tables); afterFilter(); };
    form.querySelectorAll("select").forEach(s => s.addEventListener("change", apply));
    const reset = form.querySelector(".table-filter-reset");
    if (reset) reset.addEventListener("click", () => {
      form.querySelectorAll("select").forEach(s => { s.value = ""; });
      apply();
    });
    apply();
  }

  // ---------------------------------------------------------------- scrolling

  function scrollCue(table, hintText) {
    // Material wraps each table in a div.md-typeset__scrollwrap, which is what scrolls.
    const box = tableBlock(table);
    let hint = null;
    if (hintText) {
      hint = document.createElement("div");
      hint.className = "scroll-hint";
      hint.textContent = hintText;
      hint.hidden = true;
      hint.setAttribute("aria-hidden", "true");  // for eyes: the table itself is reachable as it is
      box.before(hint);
    }
    const update = () => {
      const scrollable = !box.hidden && box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("scrolls", scrollable);
      if (hint) hint.hidden = !scrollable;
    };
    box.addEventListener("scroll", update, {passive: true});
    window.addEventListener("resize", update);
    update();
    return update;
  }

  function setUp() {
    const forms = document.querySelectorAll(".table-filter");
    const hintSource = document.querySelector("[data-scroll-hint]");
    const hint = hintSource ? hintSource.dataset.scrollHint : "→";
    const tables = document.querySelectorAll("article table");
    if (document.querySelector(".sortable-tables")) tables.forEach(makeSortable);
    const cues = [...tables].map(t => scrollCue(t, hint));
    forms.forEach(form => setUpFilters(form, () => cues.forEach(update => update())));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
