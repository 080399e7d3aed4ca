from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.downloads import protected_file_response

from . import selectors
from .access import access_working_paper_version
from .sections import sections_of


def _charter_or_404():
    charter = selectors.current_charter()
    if charter is None:
        raise Http404("No charter is loaded.")
    return charter


def home(request: HttpRequest) -> HttpResponse:
    charter = _charter_or_404()
    return render(
        request, "charter/home.html", {"charter": charter, "axes": selectors.axes_of(charter)}
    )


def axis_detail(request: HttpRequest, number: int) -> HttpResponse:
    charter = _charter_or_404()
    axis = get_object_or_404(charter.axes, number=number)
    return render(
        request,
        "charter/axis_detail.html",
        {
            "charter": charter,
            "axis": axis,
            "measures": selectors.measures_of(axis),
            "papers": selectors.published_papers_of(axis),
            "sections": sections_of(request, axis.number),
            "axes": charter.axes.all(),
        },
    )


@require_safe
def working_paper_download(request: HttpRequest, version_id: int) -> HttpResponse:
    version = access_working_paper_version(request.user, version_id)
    return protected_file_response(
        version.file, filename=version.download_name, content_type="application/pdf"
    )
