"""Messages Django shows on our pages whose zh-Hans translation Django 5.2 lacks (its
password validator changed the msgid): listed here so that makemessages extracts them into
accounts' catalogue, which Django consults before its own."""

from django.utils.translation import ngettext_lazy

MISSING_FROM_DJANGO = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
]
