// Click a column header to sort the tables of a page that asks for it
// (<div class="sortable-tables">); numbers sort as numbers, the rest by text.
document.addEventListener("DOMContentLoaded", () => {
  if (!document.querySelector(".sortable-tables")) return;
  for (const table of document.querySelectorAll("article table")) {
    table.querySelectorAll("th").forEach((th, col) => {
      th.style.cursor = "pointer";
      th.title = "排序 / Sort";
      th.addEventListener("click", () => {
        const body = table.tBodies[0];
        const rows = [...body.rows];
        const asc = th.dataset.sort !== "asc";
        table.querySelectorAll("th").forEach(h => delete h.dataset.sort);
        th.dataset.sort = asc ? "asc" : "desc";
        const key = r => r.cells[col].innerText.trim();
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
          const c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, "zh");
          return asc ? c : -c;
        });
        rows.forEach(r => body.appendChild(r));
      });
    });
  }
});
