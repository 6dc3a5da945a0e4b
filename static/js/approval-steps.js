// The catalog item editor's approval steps builder. The form posts the JSON textarea
// (#id_approval_steps), which the server validates (catalog/approvalsteps.py); this file
// only edits that JSON step by step, from <template> markup in the page (translated
// server-side, no inline script: CSP). Editing the textarea by hand redraws the steps.
(function () {
  "use strict";
  var root = document.querySelector("[data-steps-builder]");
  if (!root) { return; }
  var textarea = document.getElementById(root.getAttribute("data-target"));
  var list = root.querySelector("[data-steps]");
  var empty = root.querySelector("[data-empty]");
  var broken = document.querySelector("[data-steps-broken]");
  var template = document.getElementById("approval-step-template");
  var steps = [];
  var writing = false;

  function parse() {
    var text = textarea.value.trim();
    if (!text) { return []; }
    try {
      var value = JSON.parse(text);
      return Array.isArray(value) && value.every(function (s) { return s && typeof s === "object" && !Array.isArray(s); }) ? value : null;
    } catch (error) {
      return null;
    }
  }

  function write() {
    writing = true;
    textarea.value = steps.length ? JSON.stringify(steps, null, 2) : "";
    // htmx refreshes the preview on this textarea's input events.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    writing = false;
  }

  function card(step, index) {
    var node = template.content.firstElementChild.cloneNode(true);
    node.setAttribute("data-index", String(index));
    node.querySelector("[data-number]").textContent = String(index + 1);
    node.querySelectorAll("[data-key]").forEach(function (input) {
      var key = input.getAttribute("data-key");
      input.id = "step-" + index + "-" + key;
      var label = node.querySelector('[data-for="' + key + '"]');
      if (label) { label.htmlFor = input.id; }
      if (key === "users") {
        var chosen = (step.users || []).map(String);
        Array.prototype.forEach.call(input.options, function (option) { option.selected = chosen.indexOf(option.value) >= 0; });
      } else {
        input.value = step[key] == null ? "" : String(step[key]);
      }
    });
    node.querySelector("[data-when='group']").hidden = step.kind !== "group";
    node.querySelector("[data-when='users']").hidden = step.kind !== "users";
    node.querySelector('[data-act="up"]').disabled = index === 0;
    node.querySelector('[data-act="down"]').disabled = index === steps.length - 1;
    return node;
  }

  function render() {
    list.textContent = "";
    steps.forEach(function (step, index) { list.appendChild(card(step, index)); });
    empty.hidden = steps.length > 0;
  }

  function load() {
    var parsed = parse();
    root.hidden = parsed === null;
    if (broken) { broken.classList.toggle("d-none", parsed !== null); }
    if (parsed !== null) { steps = parsed; render(); }
  }

  function indexOf(element) {
    var node = element.closest("[data-index]");
    return node ? Number(node.getAttribute("data-index")) : -1;
  }

  function update(input) {
    var index = indexOf(input);
    if (index < 0) { return; }
    var step = steps[index];
    var key = input.getAttribute("data-key");
    if (key === "users") {
      step.users = Array.prototype.filter.call(input.options, function (o) { return o.selected; }).map(function (o) { return Number(o.value); });
    } else if (key === "group") {
      step.group = input.value ? Number(input.value) : undefined;
    } else {
      step[key] = input.value;
    }
    if (key === "kind") {
      if (step.kind !== "group") { delete step.group; }
      if (step.kind !== "users") { delete step.users; }
      write();
      render();
      return;
    }
    write();
  }

  root.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-key")) { update(event.target); }
  });
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-act]");
    if (!button) { return; }
    var act = button.getAttribute("data-act");
    var index = indexOf(button);
    if (act === "add-step") {
      steps.push({ kind: "requester_manager", mode: "any" });
    } else if (act === "remove") {
      steps.splice(index, 1);
    } else if (act === "up" && index > 0) {
      steps.splice(index - 1, 0, steps.splice(index, 1)[0]);
    } else if (act === "down" && index < steps.length - 1) {
      steps.splice(index + 1, 0, steps.splice(index, 1)[0]);
    } else {
      return;
    }
    write();
    render();
  });
  textarea.addEventListener("input", function () { if (!writing) { load(); } });
  load();
}());
