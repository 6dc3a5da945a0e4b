"""How every form field looks on a page: Django renders the widget, this adds the
Bootstrap classes and `templates/_field.html` wraps it (label, errors, help).

`FORM_RENDERER` (settings) names `PageFormRenderer`, so `{{ form.name.as_field_group }}`
and `{% include "_field.html" with field=form.name %}` give the same markup, and a form
class's widgets (their `attrs`, choices, formats) are the single source of its inputs.
"""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


def widget_class(widget: forms.Widget) -> str:
    """The Bootstrap class of a widget's input."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class PageBoundField(BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # The server's translated errors are what the person reads, not the browser's own
        # bubble: no input says `required` (a form field's or its widget's); the label's
        # asterisk says it.
        attrs["required"] = False
        classes = [
            *str(widget.attrs.get("class", "")).split(),
            *str(attrs.get("class", "")).split(),
        ]
        classes.append(widget_class(widget))
        if self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(dict.fromkeys(classes))
        return attrs


class PageFormRenderer(TemplatesSetting):
    """Widgets from Django's own templates; each field through `_field.html`."""

    field_template_name = "_field.html"
    bound_field_class = PageBoundField
