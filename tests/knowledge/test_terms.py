"""What a typed query is split into for suggestions (knowledge.terms, pure)."""

from knowledge.terms import split


def test_latin_words_and_chinese_pairs():
    assert split("VPN 断开", 8) == ["VPN", "断开"]
    assert split("打印机卡纸", 8) == ["打印机", "印机卡", "机卡纸"]
    assert split("打印机", 8) == ["打印机"]
    assert split("My VPN断开", 8) == ["My", "VPN", "断开"]


def test_single_letters_dropped_repeats_once_limit_kept():
    assert split("a VPN vpn Wi-Fi x", 8) == ["VPN", "Wi-Fi"]
    assert split("one two three four", 2) == ["one", "two"]
    assert split("", 8) == []
    assert split("!!! ...", 8) == []
