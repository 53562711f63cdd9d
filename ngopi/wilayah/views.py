"""The public page of an RW or kelurahan, and following an RW by e-mail (no account)."""

from django.conf import settings
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import ratelimit, selectors, services
from .forms import FollowForm
from .tokens import follower_from_confirm, follower_from_unsubscribe


def _page(request, area, form, status=200):
    """The page's data is read only when its rendered part is not in the cache (``{% cache %}``
    in the template, ``NGOPI_AREA_PAGE_CACHE_SECONDS``); the follow form stays outside it."""
    context = {
        "area": area,
        "is_rw": selectors.is_rw(area),
        "page": SimpleLazyObject(lambda: selectors.area_page(area)),
        "cache_seconds": settings.NGOPI_AREA_PAGE_CACHE_SECONDS,
        "form": form,
    }
    return render(request, "wilayah/area.html", context, status=status)


@require_GET
def area_page(request, pk: int):
    area = selectors.public_area(pk=pk)
    return _page(request, area, FollowForm() if selectors.is_rw(area) else None)


@require_POST
def follow(request, pk: int):
    area = selectors.public_rw(pk=pk)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _page(request, area, form, status=400)
    allowed, retry_after = ratelimit.allowed(request, form.cleaned_data["email"])
    if not allowed:
        response = render(
            request,
            "wilayah/message.html",
            {
                "area": area,
                "title": _("Too many requests"),
                "text": _("Please wait a while before asking again."),
            },
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response
    services.request_follow(rw=area, email=form.cleaned_data["email"])
    return render(
        request,
        "wilayah/message.html",
        {
            "area": area,
            "title": _("Check your e-mail"),
            "text": _(
                "If this address does not follow this RW yet, a message with a confirmation link is on "
                "its way. Nothing is sent until you confirm."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms. A link
    opened again after confirming says the address follows the RW, without asking again."""
    follower_id = follower_from_confirm(token)
    follower = selectors.follower(pk=follower_id) if follower_id else None
    if follower is None:
        return render(
            request,
            "wilayah/message.html",
            {
                "title": _("This link is no longer valid"),
                "text": _("Confirmation links last seven days. Ask again from the RW page."),
            },
            status=404,
        )
    if request.method == "POST":
        follower = services.confirm_follow(follower_id=follower.pk)
    if follower.confirmed_at is not None:  # just confirmed, or a link opened again
        return render(
            request,
            "wilayah/message.html",
            {
                "area": follower.rw,
                "title": _("You follow %(rw)s") % {"rw": follower.rw.label()},
                "text": _(
                    "You will get the next session's announcement two days before and its summary "
                    "after it. Every e-mail has a link to stop."
                ),
            },
        )
    return render(request, "wilayah/confirm.html", {"follower": follower, "area": follower.rw})


# RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with no cookie; the signed token is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unfollow(request, token: str):
    """GET shows one button (link scanners unsubscribe nobody); POST, from it or from a mail
    program's one-click unsubscribe, forgets the follower."""
    follower_id = follower_from_unsubscribe(token)
    if request.method == "POST":
        if follower_id:
            services.unfollow(follower_id=follower_id)
        return render(
            request,
            "wilayah/message.html",
            {
                "title": _("You no longer follow this RW"),
                "text": _("Your e-mail address has been deleted. You will get no more e-mails from us."),
            },
        )
    follower = selectors.follower(pk=follower_id) if follower_id else None
    if follower is None:
        return render(
            request,
            "wilayah/message.html",
            {
                "title": _("You no longer follow this RW"),
                "text": _("We keep no e-mail address for this link."),
            },
        )
    return render(request, "wilayah/unfollow.html", {"follower": follower, "area": follower.rw})
