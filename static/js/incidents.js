// Desk keyboard shortcuts: elements carry data-shortcut="<key>".
// "/" focuses a field, other keys follow a link or click a button. Ignored while typing.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    var el = document.querySelector('[data-shortcut="' + CSS.escape(event.key) + '"]');
    if (!el) { return; }
    event.preventDefault();
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) { el.focus(); } else { el.click(); }
  });
})();
// Desk action bar: a button with data-panel="ID" shows that form below the bar (and hides
// the other panels); a second click hides it. The "More" menu closes once a choice is made.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-panel]") : null;
    if (!button) { return; }
    var panel = document.getElementById(button.getAttribute("data-panel"));
    if (!panel) { return; }
    var opening = panel.hidden;
    document.querySelectorAll(".action-panel").forEach(function (other) { other.hidden = true; });
    document.querySelectorAll("[data-panel]").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
    panel.hidden = !opening;
    button.setAttribute("aria-expanded", opening ? "true" : "false");
    var menu = button.closest("details.action-menu");
    if (menu) { menu.open = false; }
    if (opening) {
      var first = panel.querySelector("select, textarea, input:not([type=hidden])");
      if (first) { first.focus(); }
    }
  });
})();
