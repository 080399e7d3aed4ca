"""Checks every upload shares, whatever it backs (a company's evidence, the committee's
working paper): the name shown for it, its type recognised by its first bytes rather than
by its name, and its size against ``EVIDENCE_MAX_BYTES``."""

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Signature (first bytes) and the extensions a file of that type may carry.
SIGNATURES = {
    "application/pdf": (b"%PDF-", {".pdf"}),
    "image/png": (b"\x89PNG\r\n\x1a\n", {".png"}),
    "image/jpeg": (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
}


def clean_file_name(raw: str) -> str:
    """The last part of the name the browser sent, without directories, control
    characters or null bytes, at most 150 characters: only ever shown, never a path."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 150:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 150 - len(extension) - 1] + dot + extension) if dot else name[:150]
    return name or "document"


def sniff(head: bytes) -> str | None:
    """The type of a file by its first bytes (16 are enough), None when it is none of
    ``SIGNATURES``."""
    for content_type, (signature, _extensions) in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_size(name: str, size: int) -> None:
    """Raise ValidationError when a file is larger than ``EVIDENCE_MAX_BYTES`` or empty."""
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("“%(name)s” weighs %(size)s; the limit is %(limit)s. Send a lighter file.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
