"""Thin views: fetch through one permission-checked getter, validate a form, call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import challenge, conf, forms, ratelimit, routing, rules, selectors, services, workflow
from .enums import Kind, Privacy
from .identity import reveal as reveal_identity

# --- public ----------------------------------------------------------------------------------


STEP = "langkah"  # the name of the form's "show the choices" button (area steps without JavaScript)
CHALLENGE_NEEDED = gettext_lazy(
    "Many aspirations were sent from your connection in the last few minutes, so your browser "
    "must first finish a short automatic check (JavaScript must be on). Wait a few seconds and "
    "press Send again. What you typed is kept; photos must be chosen again."
)


def _too_many(request, scope: str, decision: ratelimit.Decision):
    response = render(request, "aspirations/rate_limited.html", {"scope": scope}, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


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
        if not decision.allowed and not decision.challenged:
            return _too_many(request, "SUBMIT", decision)
        form = forms.AspirationForm(request.POST, request.FILES)
        if decision.challenged:  # the address is flooding: the form's check is needed
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
        session = selectors.session_for_form(pk=request.GET.get("kegiatan"))
        initial = {"kegiatan": session.pk if session else None}
        area = request.GET.get("area") or (session.rw_id if session else None)
        if area:
            initial["area"] = str(area)
        initial.update({step: request.GET[step] for step in forms.AREA_STEPS if step in request.GET})
        form = forms.AspirationForm(initial=initial)
        form.session = session
    return render(
        request,
        "aspirations/submit.html",
        {
            "form": form,
            "session": form.session,
            "step_field": STEP,
            "stepped": STEP in request.POST,
            "challenge": challenge.issue(),
        },
        status=429 if decision and decision.challenged else 400 if form.is_bound else 200,
    )


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
def receipt(request, code):
    decision = ratelimit.check(request, "LOOKUP")
    if not decision.allowed:
        return _too_many(request, "LOOKUP", decision)
    aspiration = selectors.public_aspiration(code=code)
    return render(request, "aspirations/receipt.html", {"aspiration": aspiration})


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
            "entries": selectors.public_timeline(aspiration),
            "answering": workflow.ANSWER in actions,
            "reply_form": (reply_form or forms.ReplyForm()) if can_reply else None,
            "rating_form": (rating_form or forms.RatingForm()) if can_rate else None,
        },
        status=status,
    )


@never_cache
@require_GET
def track(request, code):
    decision = ratelimit.check(request, "LOOKUP")
    if not decision.allowed:
        return _too_many(request, "LOOKUP", decision)
    aspiration = selectors.public_aspiration(code=code)
    if aspiration.code != code:
        return redirect("aspirations:track", code=aspiration.code)
    return _track_page(request, aspiration)


@never_cache
@require_POST
def track_reply(request, code):
    decision = ratelimit.check(request, "LOOKUP")
    if not decision.allowed:
        return _too_many(request, "LOOKUP", decision)
    aspiration = selectors.public_aspiration(code=code)
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
def track_rate(request, code):
    decision = ratelimit.check(request, "LOOKUP")
    if not decision.allowed:
        return _too_many(request, "LOOKUP", decision)
    aspiration = selectors.public_aspiration(code=code)
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


# --- staff -----------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    filter_form = forms.InboxFilterForm(
        request.GET or None, choices=selectors.inbox_choices(user=request.user, params=request.GET)
    )
    filters = filter_form.filters()
    page = selectors.inbox_page(user=request.user, filters=filters, after=request.GET.get("after"))
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "aspirations/inbox.html",
        {"filter_form": filter_form, "page": page, "query": query.urlencode(), "filters": filters},
    )


ACTIONS = {
    # url name → (form class, form kwargs, service call)
    "triage": (
        forms.TriageForm,
        lambda a, u: {"initial": {"kind": a.kind, "category": a.category_id, "priority": a.priority}},
        lambda u, a, d: services.triage_aspiration(
            actor=u, aspiration=a, kind=d["kind"], category=d["category"], priority=d["priority"]
        ),
    ),
    "assign": (
        forms.AssignForm,
        lambda a, u: {"aspiration": a, "initial": {"assignee": a.assignee_id}},
        lambda u, a, d: services.assign_aspiration(
            actor=u, aspiration=a, assignee=d["assignee"], note=d["note"]
        ),
    ),
    "ask": (
        forms.QuestionForm,
        lambda a, u: {},
        lambda u, a, d: services.ask_reporter(actor=u, aspiration=a, question=d["question"]),
    ),
    "follow_up": (
        forms.FollowUpForm,
        lambda a, u: {},
        lambda u, a, d: services.add_follow_up(actor=u, aspiration=a, text=d["text"], public=d["public"]),
    ),
    "note": (
        forms.NoteForm,
        lambda a, u: {},
        lambda u, a, d: services.add_note(actor=u, aspiration=a, text=d["text"]),
    ),
    "refer": (
        forms.ReferForm,
        lambda a, u: {},
        lambda u, a, d: services.refer_aspiration(
            actor=u, aspiration=a, body=d["body"], referred_on=d["referred_on"], reference=d["reference"]
        ),
    ),
    "duplicate": (
        forms.DuplicateForm,
        lambda a, u: {"user": u},
        lambda u, a, d: services.mark_duplicate(actor=u, aspiration=a, original=d["original"]),
    ),
    "resolve": (
        forms.ResolveForm,
        lambda a, u: {"aspiration": a},
        lambda u, a, d: services.resolve_aspiration(
            actor=u,
            aspiration=a,
            outcome=d["outcome"],
            resolution=d["resolution"],
            verification=d.get("verification", ""),
            verification_results=d.get("verification_results", ""),
        ),
    ),
    "close": (
        forms.CloseForm,
        lambda a, u: {},
        lambda u, a, d: services.close_aspiration(actor=u, aspiration=a, note=d["note"]),
    ),
    "reopen": (
        forms.ReopenForm,
        lambda a, u: {},
        lambda u, a, d: services.reopen_aspiration(actor=u, aspiration=a, reason=d["reason"]),
    ),
}
ACTION_ORDER = list(ACTIONS)


def _detail_page(request, aspiration, *, bound=None, status=200):
    allowed = workflow.allowed_actions(aspiration, request.user)
    action_forms = []
    for name in ACTION_ORDER:
        if name not in allowed:
            continue
        form_class, kwargs, _call = ACTIONS[name]
        if bound is not None and bound.prefix == name:
            form = bound
        else:
            form = form_class(prefix=name, **kwargs(aspiration, request.user))
        action_forms.append((name, form))
    can_identity = rules.can_see_identity(request.user, aspiration)
    identity_inline = can_identity and aspiration.privacy == Privacy.PUBLIC
    return render(
        request,
        "aspirations/detail.html",
        {
            "aspiration": aspiration,
            "action_forms": action_forms,
            "open_action": bound.prefix if bound is not None else "",
            "identity_inline": identity_inline,
            # A public reporter chose to be named to the officers: opened for the page, not logged.
            "identity": reveal_identity(aspiration.reporter_identity) if identity_inline else None,
            "identity_on_request": workflow.SHOW_IDENTITY in allowed,
            "identity_views": selectors.identity_views(aspiration=aspiration) if can_identity else [],
            "is_tip": aspiration.kind == Kind.TIP,
        },
        status=status,
    )


@login_required
@require_GET
def detail(request, pk):
    aspiration = selectors.aspiration_detail(user=request.user, pk=pk)
    return _detail_page(request, aspiration)


@login_required
@require_POST
def act(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    aspiration = selectors.visible_aspiration(user=request.user, pk=pk)
    form_class, kwargs, call = ACTIONS[action]
    form_kwargs = kwargs(aspiration, request.user)
    form_kwargs.pop("initial", None)
    form = form_class(request.POST, prefix=action, **form_kwargs)
    if form.is_valid():
        try:
            call(request.user, aspiration, form.cleaned_data)
        except services.AspirationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(aspiration.get_absolute_url())
    aspiration = selectors.aspiration_detail(user=request.user, pk=pk)
    return _detail_page(request, aspiration, bound=form, status=400)


@login_required
@never_cache
@require_GET
def identity(request, pk):
    """A confidential reporter's identity, for those allowed; every view is logged."""
    aspiration = selectors.visible_aspiration(user=request.user, pk=pk)
    try:
        services.record_identity_view(viewer=request.user, aspiration=aspiration)
    except services.AspirationError:  # not confidential, or not for this officer
        raise Http404 from None
    return render(
        request,
        "aspirations/identity.html",
        {
            "aspiration": aspiration,
            "identity": reveal_identity(aspiration.reporter_identity),
            "identity_views": selectors.identity_views(aspiration=aspiration),
        },
    )


@login_required
@require_GET
def photo(request, pk, photo_pk):
    item = selectors.visible_photo(user=request.user, aspiration_pk=pk, pk=photo_pk)
    try:
        handle = item.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def capture(request, session_pk):
    session = selectors.capture_session(user=request.user, pk=session_pk)
    rws = list(session.rw.parent.children.order_by("name")) if session.rw.parent_id else [session.rw]
    kwargs = {
        "rws": rws,
        "categories": selectors.active_categories(),
        "default_rw": session.rw,
        "prefix": "entry",
    }
    if request.method == "POST":
        formset = forms.CaptureFormSet(request.POST, **kwargs)
        if formset.is_valid():
            entries = [
                services.CapturedEntry(
                    kind=f.cleaned_data["kind"],
                    category=f.cleaned_data["category"],
                    description=f.cleaned_data["description"],
                    privacy=f.cleaned_data["privacy"],
                    rw=f.cleaned_data["rw"],
                    location_detail=f.cleaned_data["location_detail"],
                    urgent=f.cleaned_data["urgent"],
                    name=f.cleaned_data["name"],
                    phone=f.cleaned_data["phone"],
                    consent=f.cleaned_data["consent"],
                )
                for f in formset.forms
                if f.has_changed() and f.cleaned_data
            ]
            try:
                created = services.record_session_aspirations(
                    actor=request.user, session=session, entries=entries
                )
            except services.AspirationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("%(count)d aspirations recorded. Give each resident the tracking code.")
                    % {"count": len(created)},
                )
                return redirect(reverse("aspirations:capture", args=[session.pk]))
    else:
        formset = forms.CaptureFormSet(**kwargs)
    return render(
        request,
        "aspirations/capture.html",
        {
            "session": session,
            "formset": formset,
            "recorded": selectors.session_aspirations(user=request.user, session=session),
        },
        status=400 if formset.is_bound else 200,
    )
