"""Residents' pages: upcoming sessions, one session, the iCalendar feeds."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import calendars, selectors, workflow
from ..forms import PublicFilterForm
from ..models import CalendarFeed


def public_list(request):
    form = PublicFilterForm(request.GET or None)
    area = form.cleaned_data.get("area") if form.is_valid() else None
    sessions = selectors.public_sessions(area=area, limit=100)
    markers = selectors.post_markers(selectors.posts_with_next_session(area=area, upcoming_only=True))
    return render(
        request,
        "events/public_list.html",
        {"form": form, "sessions": sessions, "area": area, "markers": markers},
    )


def public_detail(request, pk: int):
    session = selectors.session_for_public_page(pk=pk)
    return render(
        request,
        "events/public_detail.html",
        {
            "session": session,
            "takes_aspirations": workflow.open_to_residents(session),
            "himbauan": selectors.public_himbauan(session.rw, timezone.localdate(session.starts_at), limit=5),
        },
    )


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
