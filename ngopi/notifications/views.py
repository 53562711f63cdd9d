from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import kinds, services, transports, verification
from .enums import Channel
from .models import ChannelAddress, EmailPreference, Notification


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
    """Which kinds come by which channel, and the WhatsApp number (verified by a code)."""
    registered = kinds.all_kinds()
    on = set(transports.enabled_channels())
    number = ChannelAddress.objects.filter(user=request.user, channel=Channel.WHATSAPP).first()
    chosen = {p.kind: p for p in EmailPreference.objects.filter(user=request.user)}
    if request.method == "POST":
        for kind in registered:
            if kind.urgent:
                continue
            before = chosen.get(kind.code)

            def ticked(channel, default, code=kind.code, before=before):
                # A channel that is off keeps its choice (its boxes are not on the page).
                if channel == Channel.EMAIL or channel in on:
                    return f"{channel}_{code}" in request.POST
                return getattr(before, channel) if before else default

            services.set_channel_preference(
                user=request.user,
                kind=kind.code,
                email=ticked(Channel.EMAIL, True),
                whatsapp=ticked(Channel.WHATSAPP, True),
                sms=ticked(Channel.SMS, False),
            )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    rows = [
        {
            "kind": k,
            "email": k.urgent or k.code not in chosen or chosen[k.code].email,
            "whatsapp": k.urgent or k.code not in chosen or chosen[k.code].whatsapp,
            "sms": not k.urgent and k.code in chosen and chosen[k.code].sms,
        }
        for k in registered
    ]
    context = {
        "rows": rows,
        "whatsapp_on": Channel.WHATSAPP in on,
        "sms_on": Channel.SMS in on,
        "number": number,
        "verified": bool(number and number.verified_at),
        "code_pending": bool(number and number.code_hash),
    }
    return render(request, "notifications/preferences.html", context)


@login_required
@require_POST
def whatsapp_number(request):
    try:
        verification.request_code(user=request.user, number=request.POST.get("number", ""))
    except verification.ChannelError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("A code was sent to your WhatsApp. Enter it below."))
    return redirect("notifications:preferences")


@login_required
@require_POST
def whatsapp_code(request):
    try:
        verification.confirm_code(user=request.user, code=request.POST.get("code", ""))
    except verification.ChannelError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your WhatsApp number is verified."))
    return redirect("notifications:preferences")


@login_required
@require_POST
def whatsapp_remove(request):
    verification.remove_number(user=request.user)
    messages.success(request, _("Your WhatsApp number is removed."))
    return redirect("notifications:preferences")
