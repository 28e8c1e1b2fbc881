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

  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  // Before an element that holds focus is replaced (a poll bringing a new message while a
  // link in an older one is focused, say), note where focus was: the nearest element with an
  // id, and the focused element's place among the focusable elements inside it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    if (!target || !target.contains) {
      return;
    }
    target.portalFocus = null;
    if (!active || active === document.body || !target.contains(active)) {
      return;
    }
    var holder = active;
    while (holder !== target && !holder.id) {
      holder = holder.parentElement;
    }
    if (holder.id) {
      var inside = Array.prototype.indexOf.call(holder.querySelectorAll(FOCUSABLE), active);
      target.portalFocus = { id: holder.id, index: inside };
    }
  });

  // The replaced element is gone, and focus with it: put focus back on the same element in the
  // new version, or on the element with the noted id.
  function restoreFocus(saved) {
    var active = document.activeElement;
    var holder = document.getElementById(saved.id);
    if ((active && active !== document.body) || !holder) {
      return;
    }
    var next = (saved.index >= 0 && holder.querySelectorAll(FOCUSABLE)[saved.index]) || holder;
    if (!next.matches(FOCUSABLE)) {
      next.setAttribute("tabindex", "-1");
    }
    next.focus();
  }

  // After a swap, move focus where a screen-reader user expects it: to an error summary if the
  // server sent one. After a save the pressed button is gone, so focus falls to <body> (unless
  // htmx found an element with the same id): move it to a [data-focus-after-save] element in
  // the swapped region, or the region itself. The status region announces the save.
  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    var target = detail.target;
    if (target && target.portalFocus && !document.body.contains(target)) {
      restoreFocus(target.portalFocus);
    }
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

// Warn two minutes before the server signs an idle session out, and offer to stay signed
// in. Any page load or htmx request the user makes starts the clock again.
(function () {
  "use strict";
  var WARN_BEFORE = 120;
  var box = document.getElementById("idle-warning");
  if (!box) {
    return;
  }
  var idle = parseInt(box.getAttribute("data-idle-seconds"), 10);
  var timer = null;

  function show() {
    box.hidden = false;
    box.querySelector("[data-stay-signed-in]").focus();
  }

  function restart() {
    window.clearTimeout(timer);
    timer = window.setTimeout(show, Math.max(idle - WARN_BEFORE, 10) * 1000);
  }

  box.querySelector("[data-stay-signed-in]").addEventListener("click", function () {
    var token = JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"];
    fetch(box.getAttribute("data-keep-alive"), {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) {
        box.hidden = true;
        restart();
      } else {
        window.location.reload(); // already signed out: the login page says why
      }
    });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var path = event.detail && event.detail.pathInfo && event.detail.pathInfo.requestPath;
    if (path && path.indexOf("/poll") === -1 && path.indexOf("/badge") === -1) {
      restart();
    }
  });
  restart();
})();

// After htmx puts a new address in the history (a caseload filter, say), the language
// buttons return to that address, as they do after a plain link.
document.addEventListener("htmx:pushedIntoHistory", function (event) {
  "use strict";
  var next = document.querySelector(".language-switcher input[name=next]");
  var path = event.detail && event.detail.path;
  if (next && path && path.charAt(0) === "/") {
    next.value = path;
  }
});

// A page that comes back with errors (a plain form post) starts at its error summary, so a
// screen reader reads what to fix first, as after an htmx swap.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var summary = document.querySelector("main .error-summary");
  if (summary) {
    summary.focus();
  }
});
