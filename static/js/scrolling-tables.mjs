// On small screens a wide table scrolls inside itself (static/src/cspr.scss). A table that does scroll
// gets a place in the tab order, so a keyboard user can focus it and scroll it with the arrow keys
// (WCAG 2.1.1); once it fits again, it leaves the tab order.
export function initScrollingTables(root = document) {
  const tables = [...root.querySelectorAll(".govuk-table")];
  const update = () => {
    for (const table of tables) {
      if (table.scrollWidth > table.clientWidth) {
        table.setAttribute("tabindex", "0");
      } else {
        table.removeAttribute("tabindex");
      }
    }
  };
  update();
  window.addEventListener("resize", update);
}
