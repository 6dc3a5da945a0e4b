// Small behaviours shared by every page. No inline scripts anywhere (CSP).
(function () {
  "use strict";
  // Elements with data-confirm ask before submitting (e.g. destructive actions).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);
  // A form that posts is sent once: its submit buttons are disabled until the next page
  // (a double click or an impatient second click made a second ticket). Forms htmx sends
  // are left to htmx; data-allow-resubmit opts a form out. Disabling waits a tick so that
  // the clicked button's own name and value still go with the form.
  var RESUBMIT_AFTER_MS = 15000;  // a download leaves the page as it was: allow a retry
  function setSending(form, sending) {
    var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    buttons.forEach(function (button) {
      button.disabled = sending;
      if (sending) { button.setAttribute("aria-busy", "true"); } else { button.removeAttribute("aria-busy"); }
    });
    if (sending) { form.setAttribute("data-sending", ""); } else { form.removeAttribute("data-sending"); }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post" ||
        form.hasAttribute("data-allow-resubmit")) {
      return;
    }
    if (form.hasAttribute("data-sending")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sending", "");
    window.setTimeout(function () { setSending(form, true); }, 0);
    window.setTimeout(function () { setSending(form, false); }, RESUBMIT_AFTER_MS);
  });
  // Back to a page kept in the browser's cache: its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-sending]").forEach(function (form) { setSending(form, false); });
    }
  });
  // Auto-submit selects marked data-autosubmit (filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
  // A button with data-copy="#id" copies that element's text (tokens, example configs).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var done = button.getAttribute("data-copied");
      if (done) { button.textContent = done; }
    });
  });
})();
