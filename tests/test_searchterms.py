"""Which index answers a search term, and the gram patterns (common.searchterms, pure)."""

import pytest

from common.searchterms import MAX_LENGTH, parse


@pytest.mark.parametrize(
    ("value", "trigram", "long_fields", "title_grams", "long_grams"),
    [
        ("printer", True, True, [], []),
        ("打印机", True, True, [], []),
        ("INC0000123", True, True, [], []),
        ("Wi-Fi", True, True, [], []),  # `wi ` and ` fi` are trigrams
        ("a b", True, True, [], []),  # `  b`
        ("网络", False, True, [" 网络 "], [" 网络 "]),
        ("网", False, True, [" 网"], [" 网"]),
        ("oa", False, False, [" OA "], []),  # titles only
        ("U盘", False, True, [" U盘 "], [" 盘"]),
        ("x", False, False, [" X"], []),
        ("--", False, False, [], []),
    ],
)
def test_term_analysis(value, trigram, long_fields, title_grams, long_grams):
    term = parse(value)
    assert term.trigram is trigram
    assert term.searches(short_field=False) is long_fields
    assert term.searches(short_field=True)
    assert term.grams(short_field=True) == title_grams
    assert term.grams(short_field=False) == long_grams


@pytest.mark.parametrize(
    ("value", "short_field", "decide"),
    [
        ("网络", False, True),
        ("oa", True, True),
        ("U盘", False, False),
        ("U盘", True, True),
        ("网 络", True, False),
        ("ア・イ", False, False),
        ("printer", True, False),
    ],
)
def test_grams_decide_only_for_one_or_two_gram_characters(value, short_field, decide):
    assert parse(value).grams_decide(short_field) is decide


def test_a_run_without_letters_is_matched_pair_by_pair():
    # `・` has grams but is no letter for pg_trgm: `・・・` has no trigram.
    assert not parse("・・・").trigram
    assert parse("・・・").grams(short_field=False) == [" ・・ "]
    assert not parse("・・・").grams_decide(short_field=False)


def test_terms_are_trimmed_and_bounded():
    assert parse("  网络  ").text == "网络"
    assert len(parse("x" * 500).text) == MAX_LENGTH
