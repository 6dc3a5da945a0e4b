"""Article bodies: Markdown (markdown-it-py, raw HTML off) cleaned by nh3 (ammonia).

Two libraries, no hand-written sanitiser: markdown-it escapes any HTML typed into the
Markdown and refuses `javascript:`-like links; nh3 then keeps only the tags and attributes
below, drops every event attribute and `style`, lets links use http, https and mailto (or
a path of ours), and lets images come only from the article images we serve.
"""

import html
import re

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del",
    "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# The one place images may come from: our own article images (knowledge.views.image).
IMAGE_SRC = re.compile(r"^/knowledge/images/\d+/$")
# A link inside our site: an absolute path, never `//host` (another site).
LOCAL_PATH = re.compile(r"^/(?!/)")

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if IMAGE_SRC.match(value) else None
    if tag == "a" and attribute == "href":
        scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
        if scheme in URL_SCHEMES or LOCAL_PATH.match(value) or value.startswith("#"):
            return value
        return None
    return value


def render(body: str) -> str:
    """Safe HTML for an article body (any input, however hostile)."""
    html = _parser.render(body or "")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def plain_excerpt(body: str, length: int = 180) -> str:
    """The first words of an article as plain text (lists, cards)."""
    text = nh3.clean(_parser.render(body or ""), tags=set())
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
