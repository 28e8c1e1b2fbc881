// Small progressive enhancements on top of htmx; every page works without this file.
(function () {
  "use strict";

  // After a swap, move focus where a screen-reader user expects it: to an error summary if the
  // server sent one, otherwise leave it alone (the status region announces saves).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.querySelector) {
      return;
    }
    var summary = target.querySelector("[data-focus-on-swap]");
    if (summary) {
      summary.focus();
    }
  });
})();
