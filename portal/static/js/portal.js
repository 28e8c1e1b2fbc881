// Small progressive enhancements on top of htmx; every page works without this file.
(function () {
  "use strict";

  // The swapped region's [data-focus-after-save] element nearest to what was pressed: inside
  // the new version of the closest ancestor with an id (a section, say), else anywhere in it.
  function afterSaveFocus(target, pressed) {
    for (var node = pressed; node; node = node.parentElement) {
      var id = node.getAttribute("id");
      var fresh = id && document.getElementById(id);
      var mark = fresh && fresh !== target && target.contains(fresh) &&
        fresh.querySelector("[data-focus-after-save]");
      if (mark) {
        return mark;
      }
    }
    return target.querySelector("[data-focus-after-save]") || target;
  }

  // After a swap, move focus where a screen-reader user expects it: to an error summary if the
  // server sent one. After a save the pressed button is gone, so focus falls to <body> (unless
  // htmx found an element with the same id): move it to a [data-focus-after-save] element in
  // the swapped region, or the region itself. The status region announces the save.
  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    var target = detail.target;
    if (!target || !target.querySelector || !document.body.contains(target)) {
      return;
    }
    var summary = target.querySelector("[data-focus-on-swap]");
    if (summary) {
      summary.focus();
      return;
    }
    var active = document.activeElement;
    if (detail.failed || (active && active !== document.body)) {
      return; // errors go to the message region; focus is still where the person left it
    }
    var next = afterSaveFocus(target, detail.elt);
    if (!next.hasAttribute("tabindex")) {
      next.setAttribute("tabindex", "-1");
    }
    next.focus();
  });
})();
