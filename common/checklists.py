"""Checklists written as a list of step texts: a catalog item's task template and a
maintenance plan's checklist. One check (`clean_steps`) and one form field (`StepsField`,
one step per line) for both; the step's length limit is the ticket task's
(`incidents.rules.TASK_TEXT_MAX`), passed in by the caller."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.inputs import has_control_characters

# At most this many steps in one checklist.
STEPS_MAX = 50


def clean_steps(value: object, *, text_max: int) -> list[str]:
    """The steps as a list of trimmed, non-empty single-line texts; a ValidationError
    naming the first bad step otherwise."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of step texts."))
    if len(value) > STEPS_MAX:
        raise ValidationError(_("At most %(max)d steps.") % {"max": STEPS_MAX})
    steps: list[str] = []
    for number, step in enumerate(value, start=1):
        if not isinstance(step, str) or not step.strip():
            raise ValidationError(_("Step %(n)d: enter a text.") % {"n": number})
        text = step.strip()
        if len(text) > text_max:
            raise ValidationError(
                _("Step %(n)d: at most %(max)d characters.") % {"n": number, "max": text_max}
            )
        if has_control_characters(text):
            raise ValidationError(_("Step %(n)d: one line, no control characters.") % {"n": number})
        steps.append(text)
    return steps


class StepsField(forms.CharField):
    """A checklist edited as text, one step per line (empty lines are dropped)."""

    def __init__(self, *, text_max: int, **kwargs: Any) -> None:
        self.text_max = text_max
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list, not text
        text = super().to_python(value) or ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return clean_steps(lines, text_max=self.text_max)
