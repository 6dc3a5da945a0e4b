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
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")


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
    if not head or b"\x00" in head:
        return None
    lowered = head.lstrip().lower()
    if any(lowered.startswith(marker) for marker in _HTML_MARKERS) or b"<script" in lowered:
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
