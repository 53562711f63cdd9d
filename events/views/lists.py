"""Staff lists of sessions: the scoped list, the calendar, the officer's own sessions."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import SessionFilterForm
from ..models import CalendarFeed, SessionBatch


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
