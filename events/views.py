from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngopi.accounts.enums import Role

from . import calendars, selectors, services
from .enums import SessionStatus
from .forms import (
    BatchForm,
    GuestFormSet,
    OfficerFormSet,
    OperationForm,
    PublicFilterForm,
    ReasonForm,
    ReportCorrectionForm,
    ReportForm,
    SessionFilterForm,
    SessionForm,
)
from .models import CalendarFeed, SessionBatch, SessionPhoto

SCHEDULING_ROLES = {Role.ADMINISTRATOR, Role.COMMANDER, Role.SCHEDULER}


def _can_schedule(user) -> bool:
    return user.is_superuser or user.role in SCHEDULING_ROLES


def _require_scheduler(user):
    if not _can_schedule(user):
        raise PermissionDenied


def _may_report(user, session) -> bool:
    lead = selectors.lead_of(session)
    return (lead is not None and lead.pk == user.pk) or _can_schedule(user)


# --- public -------------------------------------------------------------------------------------


def public_list(request):
    form = PublicFilterForm(request.GET or None)
    area = form.cleaned_data.get("area") if form.is_valid() else None
    sessions = selectors.public_sessions(area=area, limit=100)
    return render(request, "events/public_list.html", {"form": form, "sessions": sessions, "area": area})


def public_detail(request, pk: int):
    session = selectors.public_session(pk=pk)
    return render(request, "events/public_detail.html", {"session": session})


def public_ics(request):
    form = PublicFilterForm(request.GET or None)
    area = form.cleaned_data.get("area") if form.is_valid() else None
    sessions = selectors.public_sessions(area=area, limit=500)
    body = calendars.feed(sessions, request=request, name=_("Ngopi Kamtibmas sessions"), private=False)
    return _ics_response(body, "ngopi-kamtibmas.ics")


def officer_feed(request, token: str):
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    sessions = selectors.officer_feed_sessions(user=feed.user)
    body = calendars.feed(sessions, request=request, name=_("My Ngopi Kamtibmas sessions"), private=True)
    return _ics_response(body, "my-sessions.ics", private=True)


def _ics_response(body: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # An officer's own feed (his sessions, by a secret address) is never kept by shared caches.
    response["Cache-Control"] = "private, max-age=300" if private else "max-age=300"
    return response


# --- staff: lists -----------------------------------------------------------------------------


def _filters(request):
    form = SessionFilterForm(request.GET or None, user=request.user)
    filters = selectors.SessionFilters()
    if form.is_valid():
        data = form.cleaned_data
        batch = None
        if data.get("batch"):
            batch = get_object_or_404(SessionBatch.objects.visible_to(request.user), pk=data["batch"])
        filters = selectors.SessionFilters(
            unit=data.get("unit"),
            area=data.get("area"),
            operation=data.get("operation"),
            status=data.get("status") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            batch=batch,
        )
    return form, filters


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def staff_list(request):
    form, filters = _filters(request)
    page = selectors.session_page(user=request.user, filters=filters, after=request.GET.get("after"))
    return render(
        request,
        "events/staff_list.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.status_counts(user=request.user, filters=filters),
            "query": _query_without(request, "after"),
            "can_schedule": _can_schedule(request.user),
        },
    )


@login_required
def staff_calendar(request):
    form, filters = _filters(request)
    today = timezone.localdate()
    view = request.GET.get("view", "month")
    try:
        anchor = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        anchor = today
    if view == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        weeks = selectors.week_calendar(user=request.user, filters=filters, monday=monday)
        previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    else:
        view = "month"
        weeks = selectors.month_calendar(
            user=request.user, filters=filters, year=anchor.year, month=anchor.month
        )
        first = anchor.replace(day=1)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/staff_calendar.html",
        {
            "form": form,
            "weeks": weeks,
            "view": view,
            "anchor": anchor,
            "today": today,
            "previous": previous,
            "following": following,
            "query": _query_without(request, "date", "view"),
        },
    )


@login_required
def my_sessions(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = selectors.my_sessions(user=request.user)
    context["feed_url"] = request.build_absolute_uri(feed.get_absolute_url()) if feed else None
    return render(request, "events/my_sessions.html", context)


@login_required
@require_POST
def renew_feed(request):
    """Create the officer's private feed, or replace its token (revoking the old URL)."""
    services.renew_calendar_feed(user=request.user)
    messages.success(request, _("Your private calendar address is ready. The old address no longer works."))
    return redirect("events:my_sessions")


# --- staff: one session -----------------------------------------------------------------------


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
    form = SessionForm(data, user=user, initial=initial)
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
    _require_scheduler(request.user)
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
    _require_scheduler(request.user)
    session = selectors.session_detail(user=request.user, pk=pk)
    if session.status not in (SessionStatus.PLANNED, SessionStatus.POSTPONED):
        messages.error(request, _("Only a planned or postponed session can be changed."))
        return redirect(session)
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
    return render(
        request,
        "events/staff_detail.html",
        {
            "session": session,
            "lead": selectors.lead_of(session),
            "may_report": _may_report(request.user, session),
            "can_schedule": _can_schedule(request.user),
            "reason_form": ReasonForm(),
            "now": timezone.now(),
        },
    )


def _reason_action(request, pk, action, success):
    session = selectors.visible_session(user=request.user, pk=pk)
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
    _require_scheduler(request.user)
    return _reason_action(request, pk, services.postpone_session, _("The session is postponed."))


@login_required
@require_POST
def session_cancel(request, pk: int):
    _require_scheduler(request.user)
    return _reason_action(request, pk, services.cancel_session, _("The session is cancelled."))


@login_required
@require_POST
def session_held(request, pk: int):
    session = selectors.session_detail(user=request.user, pk=pk)
    if not _may_report(request.user, session):
        raise PermissionDenied
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
    if not _may_report(request.user, session):
        raise PermissionDenied
    if session.status not in (SessionStatus.PLANNED, SessionStatus.HELD):
        if session.status == SessionStatus.REPORTED:
            return redirect("events:report_correct", pk=session.pk)
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
    if not _may_report(request.user, session):
        raise PermissionDenied
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
def session_photo(request, pk: int, photo_pk: int):
    session = selectors.visible_session(user=request.user, pk=pk)
    photo = get_object_or_404(SessionPhoto, pk=photo_pk, report__session=session)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@login_required
def session_poster(request, pk: int):
    session = selectors.visible_session(user=request.user, pk=pk)
    # The public form's address is part of the printed contract (DESIGN.md §5).
    form_url = request.build_absolute_uri(f"/aspirasi/kirim/?area={session.rw_id}&kegiatan={session.pk}")
    return render(
        request,
        "events/poster.html",
        {"session": session, "form_url": form_url, "qr_svg": calendars.qr_svg(form_url)},
    )


# --- serentak -----------------------------------------------------------------------------------


@login_required
def batch_create(request):
    _require_scheduler(request.user)
    form = BatchForm(request.POST or None, user=request.user)
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "unit": data["unit"],
            "areas": data["areas"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "operation": data["operation"],
        }
        if "confirm" in request.POST:
            try:
                batch, plan = services.schedule_batch(
                    actor=request.user,
                    title=data["title"],
                    kind=data["kind"],
                    agenda=data["agenda"],
                    **kwargs,
                )
            except services.SchedulingError as exc:
                for problem in exc.messages:
                    form.add_error(None, problem)
            else:
                messages.success(
                    request,
                    _("%(count)d sessions scheduled; %(skipped)d posts left out because of conflicts.")
                    % {"count": len(plan.ready), "skipped": len(plan.conflicts)},
                )
                return redirect(batch)
        plan = services.plan_batch(**kwargs)
    return render(request, "events/batch_form.html", {"form": form, "plan": plan})


@login_required
def batch_detail(request, pk: int):
    batch = get_object_or_404(
        SessionBatch.objects.visible_to(request.user).select_related("unit", "operation", "created_by"), pk=pk
    )
    filters = selectors.SessionFilters(batch=batch)
    page = selectors.session_page(user=request.user, filters=filters, after=request.GET.get("after"), size=50)
    return render(
        request,
        "events/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "counts": selectors.status_counts(user=request.user, filters=filters),
            "reason_form": ReasonForm(),
            "can_schedule": _can_schedule(request.user),
        },
    )


@login_required
@require_POST
def batch_stop(request, pk: int):
    _require_scheduler(request.user)
    batch = get_object_or_404(SessionBatch.objects.visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason, so residents and commanders know why."))
        return redirect(batch)
    cancel = request.POST.get("action") == "cancel"
    try:
        count = services.stop_batch(
            actor=request.user, batch=batch, cancel=cancel, reason=form.cleaned_data["reason"]
        )
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        text = _("%(count)d sessions cancelled.") if cancel else _("%(count)d sessions postponed.")
        messages.success(request, text % {"count": count})
    return redirect(batch)


# --- operations ---------------------------------------------------------------------------------


@login_required
def operation_list(request):
    return render(
        request,
        "events/operation_list.html",
        {
            "operations": selectors.operation_list(user=request.user),
            "can_schedule": _can_schedule(request.user),
        },
    )


@login_required
def operation_create(request):
    _require_scheduler(request.user)
    form = OperationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.create_operation(**form.cleaned_data)
        except services.SchedulingError as exc:
            for problem in exc.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The operation is created."))
            return redirect(operation)
    return render(request, "events/operation_form.html", {"form": form})


@login_required
def operation_detail(request, pk: int):
    operation = selectors.visible_operation(user=request.user, pk=pk)
    coverage = selectors.operation_coverage(user=request.user, operation=operation)
    return render(request, "events/operation_detail.html", {"operation": operation, **coverage})
