"""Residents' pages under /aspirasi/ (DESIGN.md §5: printed on posters): the form, the receipt,
tracking, replying and rating."""

import functools

from django.contrib import messages
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ngopi.core.http import image_csp

from .. import challenge, conf, forms, ratelimit, routing, selectors, services, workflow
from ..enums import FOR_REPORTER, OPEN_STATUSES

FRAGMENT_SECONDS = 3600  # the form page's unchanging parts (keyed by the routing table's copy too)
STEP = "langkah"  # the name of the form's "show the choices" button (area steps without JavaScript)
CHALLENGE_NEEDED = gettext_lazy(
    "Many aspirations were sent from your connection in the last few minutes, so your browser "
    "must first finish a short automatic check (JavaScript must be on). Wait a few seconds and "
    "press Send again. What you typed is kept; photos must be chosen again."
)


SUBMIT_LIMITED = gettext_lazy(
    "Too many aspirations were sent from your connection in a short time, so this one was not "
    "sent. What you typed is kept below (photos must be chosen again): wait an hour and press "
    "Send again, or copy your text. In an emergency call 110."
)


def _too_many(request, scope: str, decision: ratelimit.Decision):
    response = render(request, "aspirations/rate_limited.html", {"scope": scope}, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def by_tracking_code(view):
    """The view gets the aspiration behind the URL's tracking code (404 when none), once the
    look-up rate limit allows it (else the 429 page): one rule for every page a code opens."""

    @functools.wraps(view)
    def wrapper(request, code, **kwargs):
        decision = ratelimit.check(request, "LOOKUP")
        if not decision.allowed:
            return _too_many(request, "LOOKUP", decision)
        return view(request, selectors.public_aspiration(code=code), **kwargs)

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    decision = None
    if request.method == "POST" and STEP in request.POST:
        # Without JavaScript the area steps are chosen by sending the form back: the menus
        # narrow, what was typed is kept, nothing is checked or saved.
        form = forms.AspirationForm(initial=request.POST.dict())
        form.session = selectors.session_for_form(pk=request.POST.get("kegiatan"))
    elif request.method == "POST":
        decision = ratelimit.check(request, "SUBMIT")
        limited = not decision.allowed and not decision.challenged
        form = forms.AspirationForm(request.POST, request.FILES)
        if limited:  # nothing is sent, but what the resident typed is given back to him
            form.is_valid()
            form.add_error(None, SUBMIT_LIMITED)
        elif decision.challenged:  # the address is flooding: the form's check is needed
            form.is_valid()
            form.add_error(None, CHALLENGE_NEEDED)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                aspiration = services.submit_aspiration(
                    kind=data["kind"],
                    category=data["category"],
                    description=data["description"],
                    rw=data["area"],
                    privacy=data["privacy"],
                    location_detail=data["location_detail"],
                    occurred_at=data["occurred_at"],
                    urgent=data["urgent"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    consent=data["consent"],
                    photos=data["photos"],
                    session=form.session,
                )
            except services.AspirationError as error:
                form.add_error(None, str(error))
            else:
                return redirect("aspirations:receipt", code=aspiration.code)
    else:
        cached = _cached_blank_page(request)
        if cached is not None:
            return cached
        session = selectors.session_for_form(pk=request.GET.get("kegiatan"))
        initial = {"kegiatan": session.pk if session else None}
        area = request.GET.get("area") or (session.rw_id if session else None)
        if area:
            initial["area"] = str(area)
        initial.update({step: request.GET[step] for step in forms.AREA_STEPS if step in request.GET})
        form = forms.AspirationForm(initial=initial)
        form.session = session
    caching = request.method == "GET" and _blank_page_key(request) is not None
    response = render(
        request,
        "aspirations/submit.html",
        {
            "form": form,
            "session": form.session,
            "step_field": STEP,
            "stepped": STEP in request.POST,
            "challenge": PUZZLE_SLOT if caching else challenge.issue(),
            **({"csrf_token": CSRF_SLOT} if caching else {}),
            # The page's unchanging parts are cached per process for a GET (see the template),
            # for as long as this copy of the routing table (its categories) lives.
            "fragment_seconds": FRAGMENT_SECONDS if request.method == "GET" else 0,
            "routing_stamp": routing.current().loaded_at,
        },
        status=429 if decision and not decision.allowed else 400 if form.is_bound else 200,
    )
    if decision and not decision.allowed and not decision.challenged:
        response["Retry-After"] = str(decision.retry_after)
    if caching:
        caches["fragments"].set(_blank_page_key(request), response.content.decode(), FRAGMENT_SECONDS)
        return _fill_slots(request, response.content.decode())
    return response


# The blank form page, as a poster's QR code opens it, is the same for every anonymous visitor
# but for the CSRF token and the puzzle: it is rendered once per process, language, address
# (``?area=`` differs per poster) and copy of the routing table (its categories and RWs) with
# two placeholders, which each request fills in. A signed-in user, a session link (``?kegiatan=``:
# its title and state may change) or a pending message gets the page rendered for him.
CSRF_SLOT = "csrfslot0f5b3c9e1d7a"
PUZZLE_SLOT = "puzzleslot7c2e9a4b6d10"


def _blank_page_key(request) -> str | None:
    if request.user.is_authenticated or "kegiatan" in request.GET or messages.get_messages(request):
        return None
    stamp = routing.current().loaded_at
    return f"aspirations:form-page:{translation.get_language()}:{stamp}:{request.get_full_path()}"


def _fill_slots(request, page: str) -> HttpResponse:
    page = page.replace(CSRF_SLOT, get_token(request)).replace(PUZZLE_SLOT, challenge.issue())
    return HttpResponse(page)  # never_cache (on the view) adds the headers


def _cached_blank_page(request) -> HttpResponse | None:
    key = _blank_page_key(request)
    page = caches["fragments"].get(key) if key else None
    return _fill_slots(request, page) if page is not None else None


@require_GET
def area_steps(request):
    """The next step of the public form's area menus, for its script: the areas below
    ``?induk=`` (the kota when it is absent) that lead to RWs a resident may choose."""
    children = routing.children(request.GET.get("induk"))
    if children is None:
        raise Http404
    response = JsonResponse({"children": [{"id": pk, "label": label} for pk, label in children]})
    patch_cache_control(response, public=True, max_age=conf.get("ASPIRATION_ROUTING_CACHE_SECONDS"))
    return response


@never_cache
@require_GET
@by_tracking_code
def receipt(request, aspiration):
    return render(request, "aspirations/receipt.html", {"aspiration": aspiration})


@never_cache
@require_GET
@by_tracking_code
def receipt_download(request, aspiration):
    """A small text receipt to keep on the phone: the code, when, what about and where to track
    it. Nothing of the reporter's identity."""
    received = timezone.localtime(aspiration.created_at)
    lines = [
        _("Ngopi Kamtibmas — aspiration receipt"),
        "",
        _("Tracking code: %(code)s") % {"code": aspiration.code},
        _("Received: %(date)s WIB") % {"date": received.strftime("%d-%m-%Y %H:%M")},
        _("Kind: %(kind)s") % {"kind": aspiration.get_kind_display()},
        _("About: %(category)s") % {"category": aspiration.category},
        _("Track it at: %(url)s")
        % {"url": request.build_absolute_uri(reverse("aspirations:track", args=[aspiration.code]))},
        "",
        _("Keep this code: it is the only way to follow your aspiration."),
        _("In an emergency call 110."),
    ]
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aspirasi-{aspiration.code}.txt"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
    form = forms.LookupForm(data)
    if data is not None:
        decision = ratelimit.check(request, "LOOKUP")
        if not decision.allowed:
            return _too_many(request, "LOOKUP", decision)
        if form.is_valid():
            if selectors.code_exists(form.cleaned_data["code"]):
                return redirect("aspirations:track", code=form.cleaned_data["code"])
            form.add_error("code", _("No aspiration has this code. Check it character by character."))
    return render(request, "aspirations/lookup.html", {"form": form}, status=400 if form.errors else 200)


def _track_page(request, aspiration, *, reply_form=None, rating_form=None, status=200):
    actions = workflow.reporter_actions(aspiration)
    can_reply = bool(actions & {workflow.ANSWER, workflow.ADD_INFORMATION})
    can_rate = workflow.RATE in actions
    return render(
        request,
        "aspirations/track.html",
        {
            "aspiration": aspiration,
            "status_sentence": FOR_REPORTER.get(aspiration.status, ""),
            "open_statuses": OPEN_STATUSES,
            "photos": list(aspiration.photos.all()),
            "entries": selectors.public_timeline(aspiration),
            "answering": workflow.ANSWER in actions,
            "reply_form": (reply_form or forms.ReplyForm()) if can_reply else None,
            "rating_form": (rating_form or forms.RatingForm()) if can_rate else None,
        },
        status=status,
    )


@never_cache
@require_GET
@by_tracking_code
def track(request, aspiration):
    if aspiration.code != request.resolver_match.kwargs["code"]:  # typed in another form
        return redirect("aspirations:track", code=aspiration.code)
    return _track_page(request, aspiration)


@require_GET
@by_tracking_code
@image_csp
def track_photo(request, aspiration, photo_pk):
    """A photo the reporter sent, for whoever holds its tracking code (as the staff's photo view:
    re-encoded JPEG, never cached by a shared cache)."""
    item = selectors.reporter_photo(aspiration=aspiration, pk=photo_pk)
    try:
        handle = item.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_POST
@by_tracking_code
def track_reply(request, aspiration):
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_as_reporter(aspiration=aspiration, text=form.cleaned_data["text"])
        except services.AspirationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you, your message was added."))
            return redirect("aspirations:track", code=aspiration.code)
    return _track_page(request, aspiration, reply_form=form, status=400)


@never_cache
@require_POST
@by_tracking_code
def track_rate(request, aspiration):
    form = forms.RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate_aspiration(
                aspiration=aspiration,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except services.AspirationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("aspirations:track", code=aspiration.code)
    return _track_page(request, aspiration, rating_form=form, status=400)
