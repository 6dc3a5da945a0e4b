// The catalog item editor's question builder. The form posts the JSON textarea
// (#id_form_schema), which the server validates (catalog/formschema.py); this file only
// edits that JSON field by field. Markup comes from <template>s in the page, so every
// label is translated server-side and no inline script is needed (CSP).
(function () {
  "use strict";
  var root = document.querySelector("[data-schema-builder]");
  if (!root) { return; }
  var textarea = document.getElementById(root.getAttribute("data-target"));
  var list = root.querySelector("[data-fields]");
  var empty = root.querySelector("[data-empty]");
  var broken = document.querySelector("[data-schema-broken]");
  var fieldTemplate = document.getElementById("schema-field-template");
  var choiceTemplate = document.getElementById("schema-choice-template");
  var fields = [];
  var writing = false;
  // Keys the builder edits; anything else in a field (max_length, min, max) is kept.
  var OPTIONAL = ["label_zh", "help_text", "help_text_zh"];

  function parse() {
    var text = textarea.value.trim();
    if (!text) { return []; }
    try {
      var value = JSON.parse(text);
      return Array.isArray(value) && value.every(function (f) { return f && typeof f === "object" && !Array.isArray(f); }) ? value : null;
    } catch (error) {
      return null;
    }
  }

  function write() {
    writing = true;
    textarea.value = JSON.stringify(fields, null, 2);
    // htmx refreshes the preview on this textarea's input events.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    writing = false;
  }

  function choiceObject(choice) {
    return (choice && typeof choice === "object") ? choice : { value: String(choice), label: String(choice) };
  }

  function renderChoices(node, field, index) {
    var box = node.querySelector("[data-choices]");
    box.hidden = field.type !== "choice";
    var target = box.querySelector("[data-choice-list]");
    target.textContent = "";
    (field.choices || []).forEach(function (raw, position) {
      var choice = choiceObject(raw);
      var row = choiceTemplate.content.firstElementChild.cloneNode(true);
      row.setAttribute("data-choice", String(position));
      row.querySelectorAll("[data-ckey]").forEach(function (input) {
        var key = input.getAttribute("data-ckey");
        input.value = choice[key] == null ? "" : choice[key];
        input.id = "schema-" + index + "-choice-" + position + "-" + key;
      });
      target.appendChild(row);
    });
  }

  function card(field, index) {
    var node = fieldTemplate.content.firstElementChild.cloneNode(true);
    node.setAttribute("data-index", String(index));
    node.querySelector("[data-number]").textContent = String(index + 1);
    node.querySelector("[data-title]").textContent = field.label || field.name || "";
    node.querySelectorAll("[data-key]").forEach(function (input) {
      var key = input.getAttribute("data-key");
      input.id = "schema-" + index + "-" + key;
      var label = node.querySelector('[data-for="' + key + '"]');
      if (label) { label.htmlFor = input.id; }
      if (input.type === "checkbox") { input.checked = field[key] === true; } else { input.value = field[key] == null ? "" : field[key]; }
    });
    node.querySelector('[data-act="up"]').disabled = index === 0;
    node.querySelector('[data-act="down"]').disabled = index === fields.length - 1;
    renderChoices(node, field, index);
    return node;
  }

  function render() {
    list.textContent = "";
    fields.forEach(function (field, index) { list.appendChild(card(field, index)); });
    empty.hidden = fields.length > 0;
  }

  function nextName() {
    var used = {};
    fields.forEach(function (f) { used[f.name] = true; });
    var n = fields.length + 1;
    while (used["question_" + n]) { n += 1; }
    return "question_" + n;
  }

  function edit(event) {
    var input = event.target;
    var node = input.closest("[data-index]");
    if (!node) { return; }
    var field = fields[Number(node.getAttribute("data-index"))];
    var key = input.getAttribute("data-key");
    var ckey = input.getAttribute("data-ckey");
    if (key === "required") {
      if (input.checked) { field.required = true; } else { delete field.required; }
    } else if (key === "type") {
      field.type = input.value;
      if (field.type === "choice") {
        field.choices = field.choices || [];
      } else {
        delete field.choices;
      }
      if (field.type !== "text" && field.type !== "textarea") { delete field.max_length; }
      if (field.type !== "number" && field.type !== "date") { delete field.min; delete field.max; }
      renderChoices(node, field, Number(node.getAttribute("data-index")));
    } else if (key) {
      if (input.value === "" && OPTIONAL.indexOf(key) !== -1) { delete field[key]; } else { field[key] = input.value; }
      if (key === "label" || key === "name") {
        node.querySelector("[data-title]").textContent = field.label || field.name || "";
      }
    } else if (ckey) {
      var position = Number(input.closest("[data-choice]").getAttribute("data-choice"));
      var choice = choiceObject(field.choices[position]);
      field.choices[position] = choice;
      if (input.value === "" && ckey === "label_zh") { delete choice.label_zh; } else { choice[ckey] = input.value; }
    } else {
      return;
    }
    write();
  }

  list.addEventListener("input", edit);
  list.addEventListener("change", function (event) {
    if (event.target.type === "checkbox" || event.target.tagName === "SELECT") { edit(event); }
  });

  root.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-act]") : null;
    if (!button) { return; }
    var act = button.getAttribute("data-act");
    var node = button.closest("[data-index]");
    var index = node ? Number(node.getAttribute("data-index")) : -1;
    if (act === "add-field") {
      fields.push({ name: nextName(), label: "", type: "text" });
    } else if (act === "remove") {
      fields.splice(index, 1);
    } else if (act === "up" && index > 0) {
      fields.splice(index - 1, 0, fields.splice(index, 1)[0]);
    } else if (act === "down" && index < fields.length - 1) {
      fields.splice(index + 1, 0, fields.splice(index, 1)[0]);
    } else if (act === "add-choice") {
      fields[index].choices = fields[index].choices || [];
      fields[index].choices.push({ value: "", label: "" });
    } else if (act === "remove-choice") {
      fields[index].choices.splice(Number(button.closest("[data-choice]").getAttribute("data-choice")), 1);
    } else {
      return;
    }
    render();
    write();
    if (act === "add-field") {
      var last = list.lastElementChild && list.lastElementChild.querySelector('[data-key="label"]');
      if (last) { last.focus(); }
    } else if (act === "add-choice") {
      var rows = list.children[index].querySelectorAll("[data-choice]");
      if (rows.length) { rows[rows.length - 1].querySelector("input").focus(); }
    }
  });

  // Typing JSON by hand rebuilds the questions as soon as it parses.
  textarea.addEventListener("input", function () {
    if (writing) { return; }
    var parsed = parse();
    broken.classList.toggle("d-none", parsed !== null);
    root.hidden = parsed === null;
    if (parsed !== null) { fields = parsed; render(); }
  });

  var initial = parse();
  if (initial === null) {
    broken.classList.remove("d-none");
    return;
  }
  fields = initial;
  render();
  root.hidden = false;
})();
