"""Sending a protected file (evidence, a generated document) once its view has checked the
reader's rights: the one place files leave the storage.

Three ways, chosen by the settings:

- streamed by the application (the default, any storage);
- ``PROTECTED_MEDIA_ACCEL_PREFIX`` set (file-system storage behind nginx): an empty answer
  with ``X-Accel-Redirect: <prefix><stored name>``; nginx sends the file from an
  ``internal`` location, so the worker is free at once;
- ``MEDIA_STORAGE=s3`` with ``MEDIA_S3_DOWNLOAD=redirect``: a redirection to a signed link
  to the object, valid ``AWS_QUERYSTRING_EXPIRE`` seconds, that makes the store answer
  with the same type and attachment name.

Whatever the way, the file is an attachment with its display name, its type, ``nosniff``,
a sandboxing Content-Security-Policy and no caching.
"""

from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

SANDBOX = "sandbox; default-src 'none'"
NO_STORE = "private, no-store"


def _protect(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = NO_STORE
    return response


def accel_path(name: str) -> str:
    """The internal address nginx serves ``name`` (a name in the storage) from."""
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        # Stored names are generated (evidence/2025/01/<hex>.pdf); anything else is refused.
        raise Http404("No such file.")
    return settings.PROTECTED_MEDIA_ACCEL_PREFIX + quote(name)


def protected_file_response(file: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """The answer that sends ``file`` as an attachment named ``filename``. 404 when the
    file is missing from the storage."""
    if not file:
        raise Http404("No file.")
    disposition = content_disposition_header(True, filename)

    if settings.PROTECTED_MEDIA_ACCEL_PREFIX:
        path = accel_path(file.name)
        if not file.storage.exists(file.name):
            raise Http404("The file is missing from storage.")
        response = HttpResponse(b"", content_type=content_type)
        response["X-Accel-Redirect"] = path
        response["Content-Disposition"] = disposition
        return _protect(response)

    if settings.MEDIA_STORAGE == "s3" and settings.MEDIA_S3_DOWNLOAD == "redirect":
        url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": NO_STORE,
            },
            expire=settings.AWS_QUERYSTRING_EXPIRE,
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = NO_STORE
        response["Referrer-Policy"] = "no-referrer"
        return response

    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    return _protect(response)
