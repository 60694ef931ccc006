// korea_notes report: filter and sort the evidence tables, and open a figure's cell from the URL.
// No library, no network: the rows are in the page. Without scripts the page still shows every
// row, and the browser still scrolls to the cell's anchor (an id on its first row).
(function () {
  "use strict";
  const table = document.querySelector("table.kn-table");
  if (!table) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const selects = Array.from(document.querySelectorAll("select[data-filter]"));
  const search = document.querySelector("input[data-filter=text]");
  const banner = document.getElementById("kn-cell");
  const shown = document.getElementById("kn-shown");
  let cell = "";

  function matches(row) {
    if (cell && !row.dataset.anchors.split(" ").includes(cell)) return false;
    for (const select of selects) {
      const wanted = select.value;
      if (wanted && !(row.dataset[select.dataset.filter] || "").split("|").includes(wanted)) {
        return false;
      }
    }
    const text = search ? search.value.trim().toLowerCase() : "";
    return !text || row.textContent.toLowerCase().includes(text);
  }

  function apply() {
    let count = 0;
    for (const row of rows) {
      const keep = matches(row);
      row.hidden = !keep;
      row.classList.toggle("kn-hit", keep && cell !== "");
      if (keep) count += 1;
    }
    if (shown) shown.textContent = String(count);
    if (banner) {
      banner.hidden = cell === "";
      const name = banner.querySelector("code");
      if (name) name.textContent = cell;
    }
  }

  function openCell() {
    const hash = decodeURIComponent(window.location.hash.slice(1));
    const known = hash && rows.some((row) => row.dataset.anchors.split(" ").includes(hash));
    cell = known ? hash : "";
    apply();
    if (cell) {
      const first = rows.find((row) => !row.hidden);
      if (first) first.scrollIntoView({ block: "center" });
    }
  }

  function sortBy(header) {
    const index = Array.from(header.parentNode.children).indexOf(header);
    const numeric = header.dataset.type === "number";
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    for (const other of header.parentNode.children) other.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const key = (row) => {
      const text = row.cells[index].dataset.sort ?? row.cells[index].textContent.trim();
      return numeric ? parseFloat(text) : text;
    };
    const sorted = rows.slice().sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const order = numeric ? x - y : String(x).localeCompare(String(y), "de");
      return ascending ? order : -order;
    });
    for (const row of sorted) body.appendChild(row);
  }

  for (const select of selects) select.addEventListener("change", apply);
  if (search) search.addEventListener("input", apply);
  for (const header of table.tHead.rows[0].cells) {
    const button = header.querySelector("button");
    if (button) button.addEventListener("click", () => sortBy(header));
  }
  const all = document.getElementById("kn-show-all");
  if (all) {
    all.addEventListener("click", (event) => {
      event.preventDefault();
      history.replaceState(null, "", window.location.pathname);
      cell = "";
      apply();
    });
  }
  window.addEventListener("hashchange", openCell);
  openCell();
})();
