"""`{{ choices|select_options }}`: a drop-down's `<option>` elements, rendered in one pass.

Lists like the desk's filters offer hundreds of groups and people; rendered by the template
language they cost a node per option and attribute (a tenth of the desk's time at scale,
docs/architecture.md "Performance"). Each choice is `(value, label)` or
`(value, label, selected)`; values and labels are escaped.
"""

from collections.abc import Iterable, Sequence
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def select_options(choices: Iterable[Sequence[object]]) -> SafeString:
    # The standard library's escape (quotes too) on each value and label: Django's
    # format_html costs ten times as much per option, through its lazy-string wrappers.
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{escape(str(choice[0]))}"'
            f"{' selected' if len(choice) > 2 and choice[2] else ''}"
            f">{escape(str(choice[1]))}</option>"
            for choice in choices
        )
    )
