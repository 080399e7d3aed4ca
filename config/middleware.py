"""Request middleware of the whole service."""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChosenLanguageMiddleware(LocaleMiddleware):
    """French unless the reader chose another language.

    Django's LocaleMiddleware also follows the browser's Accept-Language; this site is
    French first, so only an explicit choice changes the language: the switcher's cookie,
    or else the language kept on a logged-in person's account. Placed after the
    authentication middleware.
    """

    def process_request(self, request: HttpRequest) -> None:
        languages = dict(settings.LANGUAGES)
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in languages:
            user = getattr(request, "user", None)
            code = user.language if user is not None and user.is_authenticated else None
        if code not in languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header of ``settings.PERMISSIONS_POLICY`` on every
    response: the site uses no camera, microphone, location or other device."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateNoStoreMiddleware:
    """Every response to a logged-in person says ``Cache-Control: private, no-store``:
    their pages, exports and files (redirects and error pages too) stay out of shared
    caches and off the browser's disk, so that the next person at a shared computer cannot
    go back to them. Pages needing a login are only ever shown to a logged-in person, so
    this covers them all; a public page read while logged in names the person in its
    menu, so it is private too. Anonymous responses are left as they are (public pages
    stay cacheable). A response that already says no-store (the admin's, Django's
    ``never_cache``) keeps its own header.

    Placed before the session middleware: reading ``request.user`` here marks the session
    read after the session middleware has decided its ``Vary: Cookie``, so anonymous
    responses keep the headers they had."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            directives = response.get("Cache-Control", "").lower()
            if "no-store" not in directives:
                patch_cache_control(response, private=True, no_store=True)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than ``settings.MAX_REQUEST_BYTES`` with a
    413 page, from its Content-Length alone: nothing reads the body, so no form, upload
    handler or CSRF check sees it. (Django reads no more than Content-Length announces,
    so a body without one is empty to it.) Placed after the language middleware so that
    the page speaks the reader's language."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            # No Connection header: it is the server's (hop-by-hop). A WSGI application
            # may not send one (wsgiref, under runserver, answers 500 instead; gunicorn
            # drops it); both servers discard the unread body themselves, so it is
            # never taken as the next request.
            return render(
                request,
                "413.html",
                {"max_megabytes": max(1, settings.MAX_REQUEST_BYTES // (1024 * 1024))},
                status=413,
            )
        return self.get_response(request)
