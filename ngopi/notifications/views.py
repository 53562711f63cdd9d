from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import kinds, services
from .models import EmailPreference, Notification


@login_required
def inbox(request):
    rows = Notification.objects.for_user(request.user).only(
        "title", "body", "url", "urgent", "created_at", "read_at", "kind"
    )
    if request.GET.get("unread"):
        rows = rows.unread()
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page_obj": page, "only_unread": bool(request.GET.get("unread"))},
    )


@login_required
def open_notification(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(user=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    registered = kinds.all_kinds()
    if request.method == "POST":
        for kind in registered:
            if kind.urgent:
                continue
            services.set_email_preference(
                user=request.user, kind=kind.code, email=f"email_{kind.code}" in request.POST
            )
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    off = set(EmailPreference.objects.filter(user=request.user, email=False).values_list("kind", flat=True))
    rows = [{"kind": k, "email": k.urgent or k.code not in off} for k in registered]
    return render(request, "notifications/preferences.html", {"rows": rows})
