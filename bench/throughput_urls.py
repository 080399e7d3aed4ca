"""The application's URLs and a trivial view that answers "ok" (bench/throughput.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401 (the same error pages)
from config.urls import urlpatterns as application


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *application]
