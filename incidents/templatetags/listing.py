"""`{{ choices|select_options }}`: a drop-down's `<option>` elements, rendered in one pass.

Lists like the desk's filters offer hundreds of groups and people; rendered by the template
language they cost a node per option and attribute (a tenth of the desk's time at scale,
docs/architecture.md "Performance"). Each choice is `(value, label)` or
`(value, label, selected)`; values and labels are escaped.
"""

from collections.abc import Iterable, Sequence

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SELECTED = mark_safe(" selected")
_NOT = mark_safe("")


@register.filter
def select_options(choices: Iterable[Sequence[object]]) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (choice[0], _SELECTED if len(choice) > 2 and choice[2] else _NOT, choice[1])
            for choice in choices
        ),
    )
