// Quick exit: leave at once for the neutral site, replacing this page in the
// browser's history so that Back does not return here. Pressing Escape twice
// does the same. Without JavaScript the button is still an ordinary link.
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) {
    return;
  }
  var lastEscape = 0;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.style.visibility = "hidden";
    window.location.replace(button.href);
  }

  button.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) {
      return;
    }
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave(event);
    }
    lastEscape = now;
  });
})();
