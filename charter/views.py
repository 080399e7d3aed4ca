from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors


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
            "axes": charter.axes.all(),
        },
    )
