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
  // Auto-submit selects marked data-autosubmit (filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
})();
