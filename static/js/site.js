/* Progressive enhancement only: the site works fully without this file. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-menu]");
  if (!menu) return;
  var toggle = menu.querySelector("summary");

  // Browsers without ::details-content keep the menu closed on wide screens;
  // open it there so it shows as a plain row of links.
  var wide = window.matchMedia("(min-width: 64em)");
  var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  function fit() {
    if (!styled && wide.matches) menu.open = true;
  }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);

  function close(returnFocus) {
    if (!menu.open || (wide.matches && !styled)) return;
    menu.open = false;
    if (returnFocus) toggle.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && menu.contains(document.activeElement)) close(true);
  });
  document.addEventListener("click", function (event) {
    if (!menu.contains(event.target)) close(false);
  });
})();
