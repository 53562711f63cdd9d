"""Sessions: public read; staff schedule, edit, postpone, cancel and mark held through the
events app's forms, workflow and services (the same as the staff pages)."""

from django.db.models import Q
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions
from rest_framework import serializers as drf
from rest_framework.response import Response

from events import rules, selectors, services, workflow
from events.forms import GuestFormSet, OfficerFormSet, ReasonForm, SessionForm
from ngopi.core.widgets import DATETIME_LOCAL

from .. import serializers
from ..pagination import PAGE_PARAMETERS, page_of, page_response
from .base import form_errors, scheduling
from .public import PublicView, _int, serializer_for, sessions_for

SessionInput = inline_serializer(
    "SessionInput",
    {
        "kind": drf.IntegerField(),
        "title": drf.CharField(),
        "post": drf.IntegerField(),
        "starts_at": drf.DateTimeField(help_text="ISO 8601; without an offset: WIB."),
        "ends_at": drf.DateTimeField(),
        "operation": drf.IntegerField(required=False, allow_null=True),
        "agenda": drf.CharField(required=False),
        "officers": inline_serializer(
            "OfficerInput", {"officer": drf.IntegerField(), "role": drf.CharField()}, many=True
        ),
        "guests": inline_serializer(
            "GuestInput",
            {
                "position": drf.CharField(),
                "name": drf.CharField(required=False),
                "institution": drf.CharField(required=False),
            },
            many=True,
            required=False,
        ),
    },
)
ReasonInput = inline_serializer("ReasonInput", {"reason": drf.CharField()})


def _local(value) -> str:
    """An ISO 8601 time as the form's WIB ``datetime-local`` (what the staff page posts)."""
    if not isinstance(value, str):
        return ""
    parsed = parse_datetime(value)
    if parsed is None:
        return value  # the form says why it is not a time
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return parsed.strftime(DATETIME_LOCAL)


def _formset(prefix: str, rows, fields) -> dict:
    rows = rows if isinstance(rows, list) else []
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        row = row if isinstance(row, dict) else {}
        for field in fields:
            value = row.get(field)
            data[f"{prefix}-{i}-{field}"] = "" if value is None else str(value)
    return data


def _bound_forms(request, *, session=None):
    payload = request.data if isinstance(request.data, dict) else {}
    data = QueryDict(mutable=True)
    for field in ("kind", "title", "post", "operation", "agenda"):
        value = payload.get(field)
        data[field] = "" if value is None else str(value)
    data["starts_at"] = _local(payload.get("starts_at"))
    data["ends_at"] = _local(payload.get("ends_at"))
    data.update(_formset("officers", payload.get("officers"), ("officer", "role")))
    data.update(_formset("guests", payload.get("guests"), ("position", "name", "institution")))
    user = request.user
    form = SessionForm(data, user=user, current_start=session.starts_at if session else None)
    officers = OfficerFormSet(data, prefix="officers", form_kwargs={"user": user})
    guests = GuestFormSet(data, prefix="guests")
    errors = {}
    if not form.is_valid():
        errors.update(form_errors(form))
    if not officers.is_valid():
        for i, f in enumerate(officers.forms):
            errors.update({f"officers.{i}.{k}": v for k, v in form_errors(f).items()})
        if officers.non_form_errors():
            errors["officers"] = [str(m) for m in officers.non_form_errors()]
    if not guests.is_valid():
        for i, f in enumerate(guests.forms):
            errors.update({f"guests.{i}.{k}": v for k, v in form_errors(f).items()})
    if errors:
        raise exceptions.ValidationError(errors)
    slots = [
        services.OfficerSlot(officer=f.cleaned_data["officer"], role=f.cleaned_data["role"])
        for f in officers
        if f.cleaned_data.get("officer")
    ]
    guest_rows = [
        services.Guest(
            position=f.cleaned_data["position"],
            name=f.cleaned_data.get("name", ""),
            institution=f.cleaned_data.get("institution", ""),
        )
        for f in guests
        if f.cleaned_data.get("position")
    ]
    return form.cleaned_data, slots, guest_rows


class SessionList(PublicView):
    @extend_schema(
        parameters=[
            OpenApiParameter("area", int, description="Sessions at this RW or kelurahan."),
            OpenApiParameter("status", str),
            OpenApiParameter("batch", int, description="The sessions of this serentak batch."),
            *PAGE_PARAMETERS,
        ],
        responses=serializers.StaffSessionSerializer(many=True),
    )
    def get(self, request):
        """Public: planned, held and postponed sessions. Signed in: every session in the
        caller's jurisdiction."""
        queryset = sessions_for(request.user)
        if area := _int(request.query_params.get("area")):
            queryset = queryset.filter(Q(rw_id=area) | Q(rw__parent_id=area))
        if status := request.query_params.get("status"):
            queryset = queryset.filter(status=status)
        if batch := _int(request.query_params.get("batch")):
            queryset = queryset.filter(batch_id=batch)
        page = page_of(request, queryset, fields=["-starts_at", "-id"])
        return page_response(request, page, serializer_for(request.user))

    @extend_schema(request=SessionInput, responses={201: serializers.StaffSessionSerializer})
    def post(self, request):
        """Schedule a session (scheduling staff, in their units)."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        if not rules.can_schedule(request.user):
            raise exceptions.PermissionDenied
        data, slots, guests = _bound_forms(request)
        session = scheduling(
            lambda: services.schedule_session(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                post=data["post"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                organiser=request.user.unit or data["post"].rw.parent.polsek,
                operation=data["operation"],
                agenda=data["agenda"],
                officers=slots,
                guests=guests,
            )
        )
        session = selectors.visible_session(user=request.user, pk=session.pk)
        return Response(
            serializers.StaffSessionSerializer(session, context={"request": request}).data, status=201
        )


class SessionDetail(PublicView):
    def _get(self, request, pk):
        session = sessions_for(request.user).filter(pk=pk).first()
        if session is None:
            raise Http404
        return session

    @extend_schema(responses=serializers.StaffSessionSerializer)
    def get(self, request, pk: int):
        session = self._get(request, pk)
        return Response(serializer_for(request.user)(session, context={"request": request}).data)

    @extend_schema(request=SessionInput, responses=serializers.StaffSessionSerializer)
    def put(self, request, pk: int):
        """Edit a planned or postponed session (the staff page's "edit")."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        session = selectors.session_detail(user=request.user, pk=pk)
        workflow.check(session, request.user, workflow.Action.EDIT)
        data, slots, guests = _bound_forms(request, session=session)
        scheduling(
            lambda: services.update_session(
                actor=request.user,
                session=session,
                kind=data["kind"],
                title=data["title"],
                post=data["post"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                operation=data["operation"],
                agenda=data["agenda"],
                officers=slots,
                guests=guests,
            )
        )
        session = selectors.visible_session(user=request.user, pk=pk)
        return Response(serializers.StaffSessionSerializer(session, context={"request": request}).data)


TRANSITIONS = {
    "postpone": (workflow.Action.POSTPONE, services.postpone_session),
    "cancel": (workflow.Action.CANCEL, services.cancel_session),
    "held": (workflow.Action.MARK_HELD, services.mark_held),
}


class SessionTransition(PublicView):
    @extend_schema(
        operation_id="sessions_transition",
        request=ReasonInput,
        responses=serializers.StaffSessionSerializer,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(TRANSITIONS))],
    )
    def post(self, request, pk: int, action: str):
        """``postpone`` and ``cancel`` (with a ``reason``), ``held``: as the session page offers them."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        if action not in TRANSITIONS:
            raise Http404
        step, call = TRANSITIONS[action]
        session = selectors.visible_session(user=request.user, pk=pk)
        workflow.check(session, request.user, step)
        if step == workflow.Action.MARK_HELD:
            call(actor=request.user, session=session)
        else:
            form = ReasonForm(request.data if isinstance(request.data, dict) else {})
            if not form.is_valid():
                raise exceptions.ValidationError(form_errors(form))
            call(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        session = selectors.visible_session(user=request.user, pk=pk)
        return Response(serializers.StaffSessionSerializer(session, context={"request": request}).data)
