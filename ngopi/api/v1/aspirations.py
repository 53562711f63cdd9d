"""Aspirations for staff: the inbox (its filters, its keyset cursor), one aspiration with its
timeline, and every action of the staff page, through the same forms and services."""

from django.http import FileResponse, Http404
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions
from rest_framework import serializers as drf
from rest_framework.response import Response

from aspirations import rules, selectors, services
from aspirations.actions import ACTIONS
from aspirations.enums import Kind, Privacy, Sort, Status, Verification
from aspirations.forms import CaptureFormSet
from aspirations.identity import reveal
from ngopi.core.http import image_csp

from .. import serializers
from ..pagination import PAGE_PARAMETERS, page_response, page_size
from .base import StaffView, form_errors
from .sessions import _formset


class InboxQuery(drf.Serializer):
    """The inbox's filters, by the same names as the staff page's query string."""

    q = drf.CharField(required=False, allow_blank=True, max_length=200)
    status = drf.ChoiceField(choices=["", "open", *Status.values], required=False, allow_blank=True)
    kind = drf.ChoiceField(choices=["", *Kind.values], required=False, allow_blank=True)
    category = drf.IntegerField(required=False, min_value=1)
    area = drf.IntegerField(required=False, min_value=1, help_text="A kelurahan or an RW.")
    unit = drf.IntegerField(required=False, min_value=1)
    session = drf.IntegerField(required=False, min_value=1)
    operation = drf.IntegerField(required=False, min_value=1)
    assignee = drf.IntegerField(required=False, min_value=0, help_text="0: nobody.")
    urgent = drf.BooleanField(required=False)
    overdue = drf.BooleanField(required=False)
    date_from = drf.DateField(required=False)
    date_to = drf.DateField(required=False)
    resolved_from = drf.DateField(required=False)
    resolved_to = drf.DateField(required=False)
    verification = drf.ChoiceField(choices=["", *Verification.values], required=False, allow_blank=True)
    outcome = drf.IntegerField(required=False, min_value=1)
    rated = drf.BooleanField(required=False)
    sort = drf.ChoiceField(choices=Sort.values, required=False)


def inbox_filters(params) -> selectors.InboxFilters:
    query = InboxQuery(data=params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    # As on the page: a query that narrows nothing (only the cursor, size or sort) is the open work.
    narrowing = set(params) - {"cursor", "size", "sort"}
    status = data.get("status", "" if narrowing else selectors.DEFAULT_STATUS)
    return selectors.InboxFilters(
        **{k: v for k, v in data.items() if k not in ("status", "sort")},
        status=status,
        sort=data.get("sort") or Sort.NEWEST,
    )


ActionInput = inline_serializer(
    "AspirationActionInput",
    {"text": drf.CharField(required=False, help_text="The fields of the staff page's form for this action.")},
)


class AspirationList(StaffView):
    @extend_schema(
        parameters=[InboxQuery, *PAGE_PARAMETERS], responses=serializers.AspirationSerializer(many=True)
    )
    def get(self, request):
        """The staff inbox: the caller's jurisdiction, urgent first, then the chosen sort."""
        filters = inbox_filters(request.query_params)
        page = selectors.inbox_page(
            user=request.user,
            filters=filters,
            after=request.query_params.get("cursor"),
            size=page_size(request),
            related=serializers.AspirationSerializer.RELATED,
        )
        return page_response(request, page, serializers.AspirationSerializer)


class AspirationDetail(StaffView):
    @extend_schema(responses=serializers.AspirationDetailSerializer)
    def get(self, request, pk: int):
        """One aspiration with its timeline (internal rows included), photos and the actions
        the caller may take now."""
        aspiration = selectors.aspiration_detail(user=request.user, pk=pk)
        return Response(serializers.AspirationDetailSerializer(aspiration, context={"request": request}).data)


class AspirationAction(StaffView):
    @extend_schema(
        request=ActionInput,
        responses=serializers.AspirationDetailSerializer,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS))],
    )
    def post(self, request, pk: int, action: str):
        """``triage``, ``assign``, ``ask``, ``follow_up``, ``note``, ``refer``, ``duplicate``,
        ``resolve``, ``close``, ``reopen``: the staff page's forms, field for field."""
        if action not in ACTIONS:
            raise Http404
        aspiration = selectors.visible_aspiration(user=request.user, pk=pk)
        form_class, kwargs, call = ACTIONS[action]
        form_kwargs = kwargs(aspiration, request.user)
        form_kwargs.pop("initial", None)
        data = request.data if isinstance(request.data, dict) else {}
        form = form_class({k: v for k, v in data.items() if not isinstance(v, dict | list)}, **form_kwargs)
        if not form.is_valid():
            raise exceptions.ValidationError(form_errors(form))
        call(request.user, aspiration, form.cleaned_data)  # AspirationError: a 409 problem
        aspiration = selectors.aspiration_detail(user=request.user, pk=pk)
        return Response(serializers.AspirationDetailSerializer(aspiration, context={"request": request}).data)


IdentityOutput = inline_serializer(
    "ReporterIdentity",
    {
        "name": drf.CharField(),
        "phone": drf.CharField(),
        "email": drf.CharField(),
        "readable": drf.BooleanField(),
    },
)


class AspirationIdentity(StaffView):
    @extend_schema(responses=IdentityOutput)
    def get(self, request, pk: int):
        """The reporter's identity, as the staff page shows it: a public reporter's to whoever
        sees the aspiration; a confidential one's to those allowed, each view logged (the
        aspiration's identity views, as the web's "show identity"). Anonymous: 404."""
        aspiration = selectors.visible_aspiration(user=request.user, pk=pk)
        if not rules.can_see_identity(request.user, aspiration):
            raise Http404
        if aspiration.privacy == Privacy.CONFIDENTIAL:
            try:
                services.record_identity_view(viewer=request.user, aspiration=aspiration)
            except services.AspirationError:
                raise Http404 from None
        identity = reveal(aspiration.reporter_identity)
        return Response(
            {
                "name": identity.name,
                "phone": identity.phone,
                "email": identity.email,
                "readable": identity.readable,
            }
        )


class AspirationPhotoFile(StaffView):
    @extend_schema(responses={(200, "image/jpeg"): bytes})
    @method_decorator(image_csp)
    def get(self, request, pk: int, photo: int):
        """One photo (JPEG, re-encoded without metadata when it was received)."""
        item = selectors.visible_photo(user=request.user, aspiration_pk=pk, pk=photo)
        try:
            handle = item.image.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type="image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
        return response


CAPTURE_FIELDS = (
    "kind",
    "category",
    "description",
    "rw",
    "location_detail",
    "urgent",
    "privacy",
    "name",
    "phone",
    "consent",
)
CaptureInput = inline_serializer(
    "CaptureInput",
    {
        "entries": inline_serializer(
            "CaptureEntry",
            {
                "kind": drf.ChoiceField(choices=Kind.values),
                "category": drf.IntegerField(),
                "description": drf.CharField(),
                "rw": drf.IntegerField(),
                "location_detail": drf.CharField(required=False),
                "urgent": drf.BooleanField(required=False),
                "privacy": drf.ChoiceField(choices=Privacy.values),
                "name": drf.CharField(required=False),
                "phone": drf.CharField(required=False),
                "consent": drf.BooleanField(required=False),
            },
            many=True,
        )
    },
)


class SessionAspirations(StaffView):
    @extend_schema(responses=serializers.AspirationSerializer(many=True))
    def get(self, request, pk: int):
        """What was recorded at the session (what the caller may see, and what he recorded)."""
        session = selectors.capture_session(user=request.user, pk=pk)
        rows = selectors.session_aspirations(user=request.user, session=session)[:200]
        return Response(serializers.AspirationSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(request=CaptureInput, responses={201: serializers.AspirationSerializer(many=True)})
    def post(self, request, pk: int):
        """Record residents' aspirations at the session (the capture page's rows), each routed
        and given its tracking code as at the session."""
        session = selectors.capture_session(user=request.user, pk=pk)
        payload = request.data if isinstance(request.data, dict) else {}
        rows = payload.get("entries") if isinstance(payload.get("entries"), list) else []
        data = _formset("entry", rows, CAPTURE_FIELDS)
        for key, value in list(data.items()):  # a JSON false is no tick
            if key.endswith(("-urgent", "-consent")) and value in ("False", "false", "0", "None"):
                data[key] = ""
        rws = list(session.rw.parent.children.order_by("name")) if session.rw.parent_id else [session.rw]
        formset = CaptureFormSet(
            data, rws=rws, categories=selectors.active_categories(), default_rw=session.rw, prefix="entry"
        )
        if not formset.is_valid():
            errors = {}
            for i, form in enumerate(formset.forms):
                errors.update({f"entries.{i}.{k}": v for k, v in form_errors(form).items()})
            if formset.non_form_errors():
                errors["entries"] = [str(m) for m in formset.non_form_errors()]
            raise exceptions.ValidationError(errors)
        entries = [
            services.CapturedEntry(**{f: form.cleaned_data[f] for f in CAPTURE_FIELDS})
            for form in formset.forms
            if form.cleaned_data
        ]
        created = services.record_session_aspirations(actor=request.user, session=session, entries=entries)
        return Response(
            serializers.AspirationSerializer(created, many=True, context={"request": request}).data,
            status=201,
        )
