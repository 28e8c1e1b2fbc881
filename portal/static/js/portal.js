// Small progressive enhancements on top of htmx; every page works without this file.
document.documentElement.classList.add("js");

// A save's confirmation stays in sight at the top of the window (CSS); each gets a button to
// put it away, so it never covers the page for longer than the person wants.
(function () {
  "use strict";
  var region = document.getElementById("flash");
  if (!region) {
    return;
  }
  var label = region.getAttribute("data-close-label");
  function addCloseButtons() {
    Array.prototype.forEach.call(region.querySelectorAll(".notice"), function (notice) {
      if (notice.querySelector(".notice-close")) {
        return;
      }
      var text = document.createElement("span");
      while (notice.firstChild) {
        text.appendChild(notice.firstChild);
      }
      notice.appendChild(text);
      var close = document.createElement("button");
      close.type = "button";
      close.className = "notice-close";
      close.setAttribute("aria-label", label); // the sign itself is drawn by CSS, not read out

      close.addEventListener("click", function () {
        notice.remove();
        if (!region.querySelector(".notice")) {
          region.textContent = "";
        }
      });
      notice.appendChild(close);
    });
  }
  addCloseButtons();
  document.addEventListener("htmx:oobAfterSwap", function () {
    region = document.getElementById("flash") || region;
    addCloseButtons();
  });
})();

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

// The end of a session without a trap. A warning shortly before the server's idle limit,
// typing counted as activity, and once the server has ended the session, a notice in place
// of a jump to the sign-in page: the page, its scroll position, focus and any half-written
// text stay as they are. Both show at the bottom of the window (where a person typing looks).
(function () {
  "use strict";
  var warning = document.getElementById("idle-warning");
  var ended = document.getElementById("session-ended");
  if (!warning || !ended) {
    return;
  }
  var idle = parseInt(warning.getAttribute("data-idle-seconds"), 10);
  // Two minutes before the limit, or half-way when the limit is short (the tests use seconds).
  var warnAfter = idle - Math.min(120, idle / 2);
  // Typing restarts the server's clock too, at most once a minute (more often for a short limit).
  var keepAliveEvery = Math.min(60, warnAfter / 2) * 1000;
  var timer = null;
  var lastKeepAlive = Date.now(); // loading the page was activity too
  var sessionEnded = false;
  var typedIn = null;
  var TEXT = "textarea, input:not([type]), input[type=text], input[type=email], " +
    "input[type=search], input[type=tel], input[type=url], input[type=number], input[type=date]";

  // The page keeps as much room below as the bar takes, so nothing stays hidden behind it;
  // neither the scroll position nor focus moves.
  function showBar(box) {
    box.hidden = false;
    var room = box.offsetHeight + "px";
    document.body.style.paddingBottom = room;
    document.documentElement.style.scrollPaddingBottom = room;
  }

  function hideBar(box) {
    box.hidden = true;
    document.body.style.paddingBottom = "";
    document.documentElement.style.scrollPaddingBottom = "";
  }

  function restart() {
    window.clearTimeout(timer);
    if (!sessionEnded) {
      timer = window.setTimeout(function () { showBar(warning); }, warnAfter * 1000);
    }
  }

  // A request the person made (a click, a key), not one htmx made by itself (polling, "load").
  function byThePerson(detail) {
    var config = detail && detail.requestConfig;
    var cause = config && config.triggeringEvent;
    return Boolean(cause && cause.isTrusted);
  }

  function showEnded() {
    if (sessionEnded) {
      return;
    }
    sessionEnded = true;
    window.clearTimeout(timer);
    hideBar(warning);
    var link = ended.querySelector("[data-sign-in-again]");
    var here = window.location.pathname + window.location.search;
    link.href = link.getAttribute("data-login") + "?" + new URLSearchParams({ next: here });
    showBar(ended);
  }

  function keepAlive() {
    lastKeepAlive = Date.now();
    var token = JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"];
    return fetch(warning.getAttribute("data-keep-alive"), {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) {
        hideBar(warning);
        restart();
      } else if (response.status === 401) {
        showEnded();
      }
      return response.ok;
    });
  }

  function typing(event) {
    var form = event.target && event.target.form;
    if (!form || sessionEnded) {
      return;
    }
    if (event.type === "input") {
      typedIn = form;
    }
    restart();
    if (Date.now() - lastKeepAlive >= keepAliveEvery) {
      keepAlive();
    }
  }

  function hasTypedText(form) {
    return Array.prototype.some.call(form.querySelectorAll(TEXT), function (field) {
      return field.value.trim() !== "" && field.value !== field.defaultValue;
    });
  }

  // The form with words in it that would be lost: the one typed in last, else any such form.
  function unsentForm() {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[method=post]"));
    if (typedIn) {
      forms.unshift(typedIn);
    }
    return forms.filter(function (form) {
      return document.body.contains(form) && hasTypedText(form);
    })[0];
  }

  warning.querySelector("[data-stay-signed-in]").addEventListener("click", keepAlive);

  // "Sign in again" with words typed in: send that form as a plain post (a real navigation,
  // not htmx) marked "hold only". The server keeps it, saves nothing, and fills it in again
  // after the sign-in. Without such a form the link simply opens the sign-in page.
  ended.querySelector("[data-sign-in-again]").addEventListener("click", function (event) {
    var form = unsentForm();
    if (!form) {
      return;
    }
    event.preventDefault();
    var marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = "hold-only";
    marker.value = "1";
    form.appendChild(marker);
    HTMLFormElement.prototype.submit.call(form);
  });

  document.addEventListener("input", typing);
  document.addEventListener("keydown", typing);

  // Polling stops once the session has ended; what the person asks for still goes (the
  // server then sends the browser to the sign-in page, keeping a sent form).
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (sessionEnded && !byThePerson(event.detail)) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var detail = event.detail || {};
    if (detail.xhr && detail.xhr.status === 401 && !byThePerson(detail)) {
      event.preventDefault(); // no redirect, no empty swap: the notice instead
      showEnded();
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (byThePerson(event.detail)) {
      lastKeepAlive = Date.now(); // the server's clock restarted with it
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

// Leaving a page with words typed but not saved: the browser asks first. Never for the form
// being sent (its words go with it), nor when the portal itself moves on after the session
// ended ("Sign in again" sends the words to be held; htmx's redirect follows a held form).
// htmx saves never leave the page, so they never ask.
(function () {
  "use strict";
  var TEXT = "textarea, input:not([type]), input[type=text], input[type=email], " +
    "input[type=search], input[type=tel], input[type=url], input[type=number]";
  var sending = null; // the form whose words are on their way to the server
  var portalMovesOn = false;

  function hasText(field) {
    return field.value.trim() !== "";
  }

  // Words not saved: typed over what the page came with, or sent back with errors (the
  // server refilled the field, so its text is the page's own but still not saved).
  function unsaved(form) {
    var fields = Array.prototype.slice.call(form.querySelectorAll(TEXT));
    var typed = fields.some(function (field) {
      return hasText(field) && field.value !== field.defaultValue;
    });
    return typed || (Boolean(form.querySelector("[aria-invalid=true]")) && fields.some(hasText));
  }

  // After htmx's own handlers: a submit htmx took (defaultPrevented) stays on the page.
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) {
      sending = event.target;
    }
  });

  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && (xhr.getResponseHeader("HX-Redirect") || xhr.getResponseHeader("HX-Refresh"))) {
      portalMovesOn = true;
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (portalMovesOn || document.querySelector("form input[name=hold-only]")) {
      return;
    }
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[method=post]"));
    var words = forms.some(function (form) {
      return form !== sending && unsaved(form);
    });
    sending = null; // a send that did not leave (a download, say) no longer counts
    if (words) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
})();

// Passkeys: a form marked data-passkey asks the portal for the ceremony's options, lets the
// phone make (data-passkey-kind="create") or use a passkey, and sends the answer in the
// form's hidden `credential` field, as an ordinary form post. Without WebAuthn the forms stay
// hidden and the line saying so stays shown.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-passkey]");
  if (!forms.length || !window.PublicKeyCredential || !window.fetch) {
    return;
  }
  document.querySelectorAll("[data-no-passkey]").forEach(function (line) {
    line.hidden = true;
  });
  function toBuffer(text) {
    var plain = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(plain.length);
    for (var i = 0; i < plain.length; i += 1) {
      bytes[i] = plain.charCodeAt(i);
    }
    return bytes.buffer;
  }
  function toText(buffer) {
    var plain = "";
    new Uint8Array(buffer).forEach(function (byte) {
      plain += String.fromCharCode(byte);
    });
    return btoa(plain).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function withBuffers(list) {
    return (list || []).map(function (key) {
      return { type: key.type, id: toBuffer(key.id), transports: key.transports };
    });
  }
  function create(options) {
    options.challenge = toBuffer(options.challenge);
    options.user.id = toBuffer(options.user.id);
    options.excludeCredentials = withBuffers(options.excludeCredentials);
    return navigator.credentials.create({ publicKey: options }).then(function (made) {
      return {
        id: made.id, rawId: toText(made.rawId), type: made.type,
        response: {
          clientDataJSON: toText(made.response.clientDataJSON),
          attestationObject: toText(made.response.attestationObject),
          transports: made.response.getTransports ? made.response.getTransports() : []
        },
        clientExtensionResults: {}
      };
    });
  }
  function use(options) {
    options.challenge = toBuffer(options.challenge);
    options.allowCredentials = withBuffers(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options }).then(function (used) {
      var answer = used.response;
      return {
        id: used.id, rawId: toText(used.rawId), type: used.type,
        response: {
          clientDataJSON: toText(answer.clientDataJSON),
          authenticatorData: toText(answer.authenticatorData),
          signature: toText(answer.signature),
          userHandle: answer.userHandle ? toText(answer.userHandle) : null
        },
        clientExtensionResults: {}
      };
    });
  }
  function csrfToken() {
    var headers = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
    return headers["X-CSRFToken"] || "";
  }
  forms.forEach(function (form) {
    var problem = form.querySelector("[data-passkey-problem]");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      if (form.elements.credential.value) {
        return; // the answer is in: the form goes as usual
      }
      if (form.elements.name && !form.elements.name.value.trim()) {
        return; // sent as it is: the server says what is missing
      }
      event.preventDefault();
      if (problem) {
        problem.hidden = true;
      }
      fetch(form.getAttribute("data-passkey"), {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        if (!response.ok) {
          throw new Error("options " + response.status);
        }
        return response.json();
      }).then(function (options) {
        return form.getAttribute("data-passkey-kind") === "create" ? create(options) : use(options);
      }).then(function (answer) {
        form.elements.credential.value = JSON.stringify(answer);
        if (form.requestSubmit) {
          form.requestSubmit(); // through the submit handlers, which let it go now
        } else {
          form.submit();
        }
      }).catch(function () {
        if (problem) {
          problem.hidden = false; // cancelled, or the phone could not: say so, keep the page
        }
      });
    });
  });
})();
