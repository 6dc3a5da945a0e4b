"""`select_options`: a drop-down's options in one pass, escaped."""

from incidents.templatetags.listing import select_options


def test_values_and_labels_are_escaped_and_the_chosen_one_selected():
    html = select_options([(1, "<b>Ops</b>", False), ('"x"', "O'Neil & Co", True), (3, "Net")])
    assert html == (
        '<option value="1">&lt;b&gt;Ops&lt;/b&gt;</option>'
        '<option value="&quot;x&quot;" selected>O&#x27;Neil &amp; Co</option>'
        '<option value="3">Net</option>'
    )


def test_no_choices_no_options():
    assert select_options([]) == ""
