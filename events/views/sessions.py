"""Staff pages of one session: create, change, postpone or cancel, hold, report, poster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngopi.core.http import image_csp, public_url

from .. import agenda, calendars, loop_selectors, panels, rules, selectors, services, workflow
from ..forms import GuestFormSet, OfficerFormSet, ReasonForm, ReportCorrectionForm, ReportForm, SessionForm
from ..models import SessionPhoto
from ..workflow import Action


def _refusal(request, session, action: Action, **options):
    """``None`` when the user may take ``action`` now; else the page to go back to, with the
    reason as a message. A user whose role may not act gets 403 (``PermissionDenied``)."""
    try:
        workflow.check(session, request.user, action, **options)
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
        return redirect(session)
    return None


def _session_forms(request, *, session=None, data=None):
    user = request.user
    initial = None
    officer_initial = guest_initial = None
    if session is not None:
        initial = {
            "kind": session.kind_id,
            "title": session.title,
            "post": session.post_id,
            "starts_at": timezone.localtime(session.starts_at),
            "ends_at": timezone.localtime(session.ends_at),
            "operation": session.operation_id,
            "agenda": session.agenda,
        }
        officer_initial = [{"officer": a.officer_id, "role": a.role} for a in session.assignments.all()]
        guest_initial = [
            {"position": g.position, "name": g.name, "institution": g.institution}
            for g in session.guests.all()
        ]
    else:
        post_id = request.GET.get("post")
        initial = (
            {"title": _("Ngopi Kamtibmas"), "post": post_id} if post_id else {"title": _("Ngopi Kamtibmas")}
        )
    current_start = session.starts_at if session is not None else None
    form = SessionForm(data, user=user, initial=initial, current_start=current_start)
    officers = OfficerFormSet(data, prefix="officers", initial=officer_initial, form_kwargs={"user": user})
    guests = GuestFormSet(data, prefix="guests", initial=guest_initial)
    return form, officers, guests


def _slots(officers):
    return [
        services.OfficerSlot(officer=f.cleaned_data["officer"], role=f.cleaned_data["role"])
        for f in officers
        if f.cleaned_data.get("officer")
    ]


def _guests(guests):
    return [
        services.Guest(
            position=f.cleaned_data["position"],
            name=f.cleaned_data.get("name", ""),
            institution=f.cleaned_data.get("institution", ""),
        )
        for f in guests
        if f.cleaned_data.get("position")
    ]


@login_required
def session_create(request):
    if not rules.can_schedule(request.user):
        raise PermissionDenied
    form, officers, guests = _session_forms(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and officers.is_valid() and guests.is_valid():
        data = form.cleaned_data
        try:
            session = services.schedule_session(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                post=data["post"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                organiser=request.user.unit or data["post"].rw.parent.polsek,
                operation=data["operation"],
                agenda=data["agenda"],
                officers=_slots(officers),
                guests=_guests(guests),
            )
        except services.SchedulingError as exc:
            for problem in exc.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The session is scheduled."))
            return redirect(session)
    return render(request, "events/session_form.html", {"form": form, "officers": officers, "guests": guests})


@login_required
def session_edit(request, pk: int):
    session = selectors.session_detail(user=request.user, pk=pk)
    if refused := _refusal(request, session, Action.EDIT):
        return refused
    form, officers, guests = _session_forms(request, session=session, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and officers.is_valid() and guests.is_valid():
        data = form.cleaned_data
        try:
            services.update_session(
                actor=request.user,
                session=session,
                kind=data["kind"],
                title=data["title"],
                post=data["post"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                operation=data["operation"],
                agenda=data["agenda"],
                officers=_slots(officers),
                guests=_guests(guests),
            )
        except (services.SchedulingError, services.TransitionError) as exc:
            for problem in getattr(exc, "messages", [str(exc)]):
                form.add_error(None, problem)
        else:
            messages.success(request, _("The session is updated."))
            return redirect(session)
    return render(
        request,
        "events/session_form.html",
        {"form": form, "officers": officers, "guests": guests, "session": session},
    )


@login_required
def session_detail(request, pk: int):
    session = selectors.session_detail(user=request.user, pk=pk)
    # Prepared when the session was created; topped up with what the RW raised since, until the
    # report is filed (then frozen).
    services.refresh_agenda(session=session)
    return render(
        request,
        "events/staff_detail.html",
        {
            "session": session,
            "actions": workflow.allowed_actions(session, request.user),
            "links": panels.session_actions(session, request.user),
            "reason_form": ReasonForm(),
            "agenda": agenda.session_agenda(session),
            "commitments": loop_selectors.session_commitments(session),
        },
    )


def _reason_action(request, pk, step: Action, action, success):
    session = selectors.visible_session(user=request.user, pk=pk)
    if refused := _refusal(request, session, step):
        return refused
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason, so residents and commanders know why."))
        return redirect(session)
    try:
        action(actor=request.user, session=session, reason=form.cleaned_data["reason"])
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(session)


@login_required
@require_POST
def session_postpone(request, pk: int):
    return _reason_action(
        request, pk, Action.POSTPONE, services.postpone_session, _("The session is postponed.")
    )


@login_required
@require_POST
def session_cancel(request, pk: int):
    return _reason_action(request, pk, Action.CANCEL, services.cancel_session, _("The session is cancelled."))


@login_required
@require_POST
def session_held(request, pk: int):
    session = selectors.session_detail(user=request.user, pk=pk)
    if refused := _refusal(request, session, Action.MARK_HELD):
        return refused
    try:
        services.mark_held(actor=request.user, session=session)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The session is marked as held."))
    return redirect(session)


@login_required
def session_report(request, pk: int):
    session = selectors.session_detail(user=request.user, pk=pk)
    if Action.CORRECT_REPORT in workflow.allowed_actions(session, request.user):
        return redirect("events:report_correct", pk=session.pk)
    try:  # the form may be opened before the start; filing it is refused until then
        workflow.check(session, request.user, Action.REPORT, timing=False)
    except workflow.TransitionError:
        messages.error(request, _("This session cannot take a report any more."))
        return redirect(session)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["held"] == "yes":
                services.file_report(
                    actor=request.user,
                    session=session,
                    residents_count=data["residents_count"],
                    leaders_count=data.get("leaders_count") or 0,
                    agencies_count=data.get("agencies_count") or 0,
                    summary=data["summary"],
                    issues_raised=data.get("issues_raised", ""),
                    photos=data["photos"],
                )
                messages.success(request, _("The report is filed. Thank you."))
            else:
                services.report_not_held(
                    actor=request.user,
                    session=session,
                    postponed=data["held"] == "postponed",
                    reason=data["reason"],
                )
                messages.success(request, _("Recorded: the session did not take place."))
        except services.TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(session)
    return render(request, "events/report_form.html", {"form": form, "session": session})


@login_required
def report_correct(request, pk: int):
    session = selectors.session_detail(user=request.user, pk=pk)
    if refused := _refusal(request, session, Action.CORRECT_REPORT):
        return refused
    report = getattr(session, "report", None)
    if report is None:
        raise Http404
    initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    form = ReportCorrectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photos = data.pop("photos")
        services.correct_report(actor=request.user, report=report, photos=photos, **data)
        messages.success(request, _("The report is corrected; the change is recorded."))
        return redirect(session)
    return render(request, "events/report_form.html", {"form": form, "session": session, "correcting": True})


@login_required
@image_csp
def session_photo(request, pk: int, photo_pk: int):
    session = selectors.visible_session(user=request.user, pk=pk)
    photo = get_object_or_404(SessionPhoto, pk=photo_pk, report__session=session)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@login_required
def session_poster(request, pk: int):
    session = selectors.visible_session(user=request.user, pk=pk)
    if refused := _refusal(request, session, Action.POSTER):
        return refused
    # The public form's address is part of the printed contract (DESIGN.md §5), on the site's
    # public address (NGOPI_SITE_URL, as in e-mails), not whichever host the officer opened.
    form_url = public_url(f"{reverse('aspirations:submit')}?area={session.rw_id}&kegiatan={session.pk}")
    area_url = public_url(reverse("wilayah:area", args=[session.rw_id]))
    context = {
        "session": session,
        "form_url": form_url,
        "qr_svg": calendars.qr_svg(form_url),
        "area_url": area_url,
        "kept": selectors.kept_at_last_session(rw=session.rw, before=session.starts_at),
        "himbauan": selectors.public_himbauan(session.rw, timezone.localdate(session.starts_at), limit=3),
    }
    chat_url = calendars.whatsapp_url(session)
    if chat_url:  # the chat's deep link: the resident's first message names the RW and session
        context.update(chat_url=chat_url, chat_qr_svg=calendars.qr_svg(chat_url))
    return render(request, "events/poster.html", context)
