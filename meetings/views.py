"""The committee's own work, under /suivi/comite/: its meetings (agenda, members present,
minutes, decisions and votes) and its work streams. Committee members read and write
them (``committee_required``); administrators correct them in the admin."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.downloads import protected_file_response
from signatories.access import committee_required

from . import selectors, services
from .forms import DecisionForm, MeetingForm, WorkStreamForm, members_for_choice
from .models import Decision, Meeting, WorkStream


@committee_required
@require_GET
def committee_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/committee_work.html",
        {"meetings": selectors.meetings(), "streams": selectors.work_streams()},
    )


@committee_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int | None = None) -> HttpResponse:
    meeting = Meeting() if meeting_id is None else get_object_or_404(Meeting, pk=meeting_id)
    record = selectors.meeting_record(meeting) if meeting.pk else {}
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        instance=meeting,
        members=members_for_choice(meeting),
        agenda=record.get("agenda", ()),
        present={a.member_id: a.college for a in record.get("present", ())},
    )
    if request.method == "POST" and form.is_valid():
        services.meeting_save(
            form.instance, request.user, agenda=form.cleaned_data["agenda"], present=form.present()
        )
        messages.success(request, _("The meeting is saved."))
        return redirect("meetings:meeting_edit", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting if meeting.pk else None, **record},
    )


@committee_required
@require_GET
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    return protected_file_response(
        meeting.minutes_file, filename=meeting.download_name, content_type="application/pdf"
    )


@committee_required
@require_http_methods(["GET", "POST"])
def decision_edit(
    request: HttpRequest, meeting_id: int | None = None, decision_id: int | None = None
) -> HttpResponse:
    if decision_id is None:
        decision = Decision(meeting=get_object_or_404(Meeting, pk=meeting_id))
    else:
        decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=decision_id)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        services.decision_save(form.instance, request.user)
        messages.success(request, _("The decision is saved."))
        return redirect("meetings:meeting_edit", meeting_id=decision.meeting_id)
    return render(
        request,
        "meetings/decision_form.html",
        {"form": form, "meeting": decision.meeting, "decision": decision if decision.pk else None},
    )


@committee_required
@require_http_methods(["GET", "POST"])
def work_stream_edit(request: HttpRequest, stream_id: int | None = None) -> HttpResponse:
    stream = WorkStream() if stream_id is None else get_object_or_404(WorkStream, pk=stream_id)
    form = WorkStreamForm(
        request.POST or None, instance=stream, decisions=selectors.decisions_for_choice()
    )
    if request.method == "POST" and form.is_valid():
        services.work_stream_save(form.instance, request.user)
        messages.success(request, _("The work stream is saved."))
        return redirect("meetings:committee_work")
    return render(
        request,
        "meetings/work_stream_form.html",
        {"form": form, "stream": stream if stream.pk else None},
    )
