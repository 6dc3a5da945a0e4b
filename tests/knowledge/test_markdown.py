"""Article bodies: hostile Markdown never yields script, event handlers, `javascript:` or
foreign images (knowledge.markdown: markdown-it-py, then nh3)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.markdown import plain_excerpt, render

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](https://evil.example/track.png)",
    "![x](//evil.example/track.png)",
    "![x](/knowledge/images/1/../../admin/)",
    '![x](/knowledge/images/1/ "t" onerror=alert(1))',
    "[x](<javascript:alert(1)>)",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    '[a](https://ok.example "title" onclick="alert(1)")',
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[x]: javascript:alert(1)\n\n[link][x]",
    "<a href='&#1;javascript:alert(1)'>x</a>",
]


def _elements(html: str) -> list[str]:
    """The real tags of the output (escaped text such as `&lt;img onerror=…` is text)."""
    return re.findall(r"<[a-zA-Z][^>]*>", html)


ALLOWED = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del",
           "code", "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead",
           "tbody", "tr", "th", "td"}  # fmt: skip


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_markdown_is_harmless(body):
    html = render(body)
    for element in _elements(html):
        name = re.match(r"<([a-zA-Z0-9]+)", element).group(1).lower()
        assert name in ALLOWED, element
        assert not re.search(r"\son[a-z]+\s*=", element, re.I), element
        assert "style=" not in element
        for attribute, value in re.findall(r'\s(href|src)="([^"]*)"', element):
            assert not re.match(r"\s*(javascript|vbscript|data|file):", value, re.I), element
            if attribute == "src":
                assert re.fullmatch(r"/knowledge/images/\d+/", value), element
    assert "<script" not in html.lower()


def test_our_own_images_and_plain_links_are_kept():
    html = render("![chart](/knowledge/images/12/) [help](https://example.com/a?b=1) [p](/portal/)")
    assert '<img src="/knowledge/images/12/" alt="chart">' in html
    assert 'href="https://example.com/a?b=1"' in html
    assert 'href="/portal/"' in html
    assert "noopener" in html


def test_markdown_features_survive():
    html = render("# T\n\n**b** *i* ~~s~~\n\n- a\n- b\n\n| h |\n|---|\n| c |\n\n```\ncode\n```")
    for tag in ("h1", "strong", "em", "s", "ul", "li", "table", "td", "pre", "code"):
        assert f"<{tag}" in html


def test_excerpt_is_plain_text():
    assert plain_excerpt("# Hello\n\n*world* <b>x</b> & more") == "Hello world <b>x</b> & more"
    assert len(plain_excerpt("word " * 100)) <= 180


@given(st.text(max_size=300))
def test_any_text_renders_without_script_or_handlers(text):
    html = render(text)
    assert "<script" not in html.lower()
    for element in _elements(html):
        assert not re.search(r"\son[a-z]+\s*=", element, re.I), element
