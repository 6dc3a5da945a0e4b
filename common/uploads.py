"""What an uploaded file really is, judged by its first bytes, never by its name or the
client's Content-Type. Pure logic, no Django imports."""

SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),  # also docx, xlsx, pptx
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-office"),  # doc, xls, msg
    (b"RIFF", "image/webp"),
]
# Byte-order marks: browsers skip them before sniffing, so must we (a BOM + `<svg` passed).
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Markup a browser would run as a page if it found it anywhere near the start.
_ACTIVE_MARKERS = (b"<script", b"<svg", b"<html", b"<!doctype", b"<iframe", b"<body", b"<?xml")


def strip_preamble(head: bytes) -> bytes:
    """The first bytes without byte-order marks and whitespace, however they are repeated."""
    previous = None
    while previous != head:
        previous = head
        for bom in BOMS:
            head = head.removeprefix(bom)
        head = head.lstrip(b" \t\r\n\x0b\x0c")
    return head


def opens_markup(head: bytes) -> bool:
    """The first character after BOMs and white space opens a tag, a comment or `<?xml`."""
    body = strip_preamble(head)
    return body[:1] == b"<" and (body[1:2].isalpha() or body[1:2] in (b"!", b"?"))


def is_markup(head: bytes) -> bool:
    """HTML, SVG or XML (a page a browser could run), whatever comes before it: text that
    opens with markup, or holds an active element anywhere in the sample."""
    if opens_markup(head):
        return True
    body = strip_preamble(head).lower()
    return any(marker in body for marker in _ACTIVE_MARKERS)


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None when it is not allowed.

    Allowed: common images, PDF, Office documents, and plain text (UTF-8 or GB18030) that
    is not HTML, SVG or XML (which a browser could run as a page).
    """
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                return None
            return content_type
    if not head or b"\x00" in head or is_markup(head):
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 4:
                return "text/plain"
            continue
        return "text/plain"
    return None
