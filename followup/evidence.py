"""Checks on uploaded evidence: PDF, PNG or JPEG only, recognised by their content and not
only by their name, and no larger than EVIDENCE_MAX_BYTES; for a report, each file stored
once and all its files together no larger than EVIDENCE_REPORT_MAX_BYTES."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.uploads import SIGNATURES, check_size, clean_file_name, sniff

ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"


@dataclass(frozen=True)
class CheckedFile:
    file: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def check_evidence(upload: UploadedFile) -> CheckedFile:
    """Raise ValidationError with a message that says what to do, or describe the file."""
    name = clean_file_name(upload.name)
    check_size(name, upload.size)
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head)
    extension = PurePosixPath(name.lower()).suffix
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, PNG or JPEG file, whatever its name says. "
                "Export the document as PDF, or take a PNG or JPEG picture of it."
            )
            % {"name": name},
            code="bad_type",
        )
    if extension not in SIGNATURES[content_type][1]:
        raise ValidationError(
            _(
                "The name of “%(name)s” does not match its content (%(type)s). "
                "Rename the file with the right extension and send it again."
            )
            % {"name": name, "type": content_type},
            code="name_mismatch",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        file=upload,
        name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )


@dataclass(frozen=True)
class KeptFile:
    """A file a report keeps (not removed), and the code of the measure it backs."""

    name: str
    size: int
    sha256: str
    measure_code: str


def check_report_evidence(
    new: dict[str, tuple[CheckedFile, str]], kept: Iterable[KeptFile]
) -> dict[str, ValidationError]:
    """The files about to be attached to one report (by form field: the file and the code
    of its measure), against the files the report keeps. Refused, with the reason:

    - a file the report already has (same SHA-256), on any of its answers, or sent twice
      at once: a report stores a file once;
    - a file that would bring the report's files over EVIDENCE_REPORT_MAX_BYTES.

    Files are taken in the given order; a refused one does not count. No query."""
    limit = settings.EVIDENCE_REPORT_MAX_BYTES
    seen: dict[str, str] = {}
    total = 0
    for file in kept:
        seen.setdefault(file.sha256, file.measure_code)
        total += file.size
    refused = {}
    for field, (checked, measure_code) in new.items():
        if checked.sha256 in seen:
            refused[field] = ValidationError(
                _(
                    "“%(name)s” is already attached to this report, on measure %(code)s: "
                    "a report keeps each file once. Choose another file, or leave this one "
                    "out and mention it in the comment."
                )
                % {"name": checked.name, "code": seen[checked.sha256]},
                code="duplicate",
            )
            continue
        if total + checked.size > limit:
            refused[field] = ValidationError(
                _(
                    "“%(name)s” (%(size)s) would bring this report’s files to %(total)s; "
                    "the limit is %(limit)s for a report. Remove a file it no longer needs, "
                    "or send a lighter one."
                )
                % {
                    "name": checked.name,
                    "size": filesizeformat(checked.size),
                    "total": filesizeformat(total + checked.size),
                    "limit": filesizeformat(limit),
                },
                code="report_too_large",
            )
            continue
        seen[checked.sha256] = measure_code
        total += checked.size
    return refused
