"""The knowledge base's limits, each in one place (docs/conventions.md's rule table)."""

TITLE_MAX = 200
BODY_MAX = 50_000
TAG_MAX = 40
TAGS_MAX = 12
# Suggestions shown while a user types (portal form, desk resolve panel, API).
SUGGEST_LIMIT = 5
# Query words kept from what a user typed (the rest are ignored).
SUGGEST_TERMS_MAX = 8
# Image uploads for articles (bytes); the types come from common.uploads.sniff.
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
