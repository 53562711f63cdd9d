"""Staff pages under /staf/aspirasi/: the inbox, an aspiration and its actions, the identity
and photos, recording at a session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ngopi.core.http import image_csp

from .. import forms, rules, selectors, services, workflow
from ..actions import ACTION_ORDER, ACTIONS
from ..enums import Kind, Privacy
from ..identity import reveal as reveal_identity


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
    every_status = query.copy()
    every_status["status"] = ""
    return render(
        request,
        "aspirations/inbox.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "every_status_query": every_status.urlencode(),
            "filters": filters,
        },
    )


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
    if bound is not None and bound.prefix not in allowed:
        # The action is no longer offered (someone else moved the aspiration on): its form is
        # not shown, so say here why it was refused.
        for error in bound.non_field_errors():
            messages.error(request, error)
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
@image_csp
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
