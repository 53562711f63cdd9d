"""Serentak batches and operations: read in the caller's jurisdiction (``visible_to``), created
and stopped through the staff pages' forms (``BatchForm``, ``OperationForm``, ``ReasonForm``),
``events.rules`` and ``events.services`` (the same as the pages)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions
from rest_framework import serializers as drf
from rest_framework.response import Response

from events import rules, selectors, services, workflow
from events.forms import BatchForm, OperationEditForm, OperationForm, ReasonForm
from events.models import SessionBatch

from .. import serializers
from ..pagination import PAGE_PARAMETERS, page_of, page_response
from .base import StaffView, form_data, scheduling, valid
from .sessions import ReasonInput


def _batches(user):
    return SessionBatch.objects.visible_to(user).select_related("unit", "operation", "created_by")


def _batch_detail(request, pk: int) -> dict:
    batch = _batches(request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return serializers.BatchDetailSerializer(batch, context={"request": request}).data


BatchInput = inline_serializer(
    "BatchInput",
    {
        "title": drf.CharField(max_length=200),
        "kind": drf.IntegerField(),
        "unit": drf.IntegerField(help_text="A Polda, Polres or Polsek in your jurisdiction."),
        "areas": drf.ListField(
            child=drf.IntegerField(),
            required=False,
            help_text="Only these kelurahan of the unit (none: all).",
        ),
        "day": drf.DateField(),
        "start": drf.TimeField(help_text="WIB"),
        "end": drf.TimeField(help_text="WIB"),
        "operation": drf.IntegerField(required=False, allow_null=True),
        "agenda": drf.CharField(required=False),
    },
)
BatchCreated = inline_serializer(
    "BatchCreated",
    {
        "batch": serializers.BatchDetailSerializer(),
        "scheduled": drf.IntegerField(),
        "skipped": inline_serializer(
            "BatchSkippedPost",
            {
                "post": drf.IntegerField(),
                "name": drf.CharField(),
                "problems": drf.ListField(child=drf.CharField()),
            },
            many=True,
        ),
    },
)


class BatchList(StaffView):
    @extend_schema(parameters=PAGE_PARAMETERS, responses=serializers.BatchSerializer(many=True))
    def get(self, request):
        """Serentak batches of the units in the caller's jurisdiction, latest first."""
        page = page_of(request, _batches(request.user), fields=["-starts_at", "-id"])
        return page_response(request, page, serializers.BatchSerializer)

    @extend_schema(request=BatchInput, responses={201: BatchCreated})
    def post(self, request):
        """Schedule a serentak batch: one session at every free active post of the unit (or of
        the chosen kelurahan), at once. Posts with a conflict are left out and listed in
        ``skipped``, as the page says which. No preview: the page's "preview" is its own."""
        if not rules.can_schedule(request.user):
            raise exceptions.PermissionDenied
        data = valid(BatchForm(form_data(request, lists=("areas",)), user=request.user))
        batch, plan = scheduling(
            lambda: services.schedule_batch(
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                agenda=data["agenda"],
                unit=data["unit"],
                areas=data["areas"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                operation=data["operation"],
            )
        )
        body = {
            "batch": _batch_detail(request, batch.pk),
            "scheduled": len(plan.ready),
            "notices": [str(notice) for notice in plan.notices],
            "skipped": [
                {"post": item.post.pk, "name": item.post.name, "problems": [str(p) for p in item.problems]}
                for item in plan.conflicts
            ],
        }
        return Response(body, status=201)


class BatchDetail(StaffView):
    @extend_schema(responses=serializers.BatchDetailSerializer)
    def get(self, request, pk: int):
        """One batch with its sessions counted by status (the sessions themselves:
        ``GET /api/v1/sessions/?batch=<id>``) and the actions the caller may take."""
        return Response(_batch_detail(request, pk))


BATCH_STOPS = {"postpone": workflow.BatchAction.POSTPONE, "cancel": workflow.BatchAction.CANCEL}


class BatchStop(StaffView):
    @extend_schema(
        operation_id="batches_stop",
        request=ReasonInput,
        responses=serializers.BatchDetailSerializer,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(BATCH_STOPS))],
    )
    def post(self, request, pk: int, action: str):
        """Postpone every still-planned session of the batch, or cancel every planned or
        postponed one, with one reason (scheduling staff over the batch's unit)."""
        if action not in BATCH_STOPS:
            raise Http404
        batch = _batches(request.user).filter(pk=pk).first()
        if batch is None:
            raise Http404
        workflow.check_batch(batch, request.user, BATCH_STOPS[action])
        data = valid(ReasonForm(form_data(request)))
        services.stop_batch(actor=request.user, batch=batch, cancel=action == "cancel", reason=data["reason"])
        return Response(_batch_detail(request, pk))


OperationInput = inline_serializer(
    "OperationInput",
    {
        "name": drf.CharField(max_length=150),
        "unit": drf.IntegerField(help_text="The owning unit, in your jurisdiction."),
        "starts_on": drf.DateField(),
        "ends_on": drf.DateField(),
        "description": drf.CharField(required=False),
    },
)


class OperationList(StaffView):
    @extend_schema(parameters=PAGE_PARAMETERS, responses=serializers.OperationSerializer(many=True))
    def get(self, request):
        """Operations of the caller's units, the units below and the units above, latest first,
        each with its number of sessions."""
        page = page_of(request, selectors.operation_list(user=request.user), fields=["-starts_on", "-id"])
        return page_response(request, page, serializers.OperationSerializer)

    @extend_schema(request=OperationInput, responses={201: serializers.OperationSerializer})
    def post(self, request):
        """Create an operation (scheduling staff), as the operations page."""
        if not rules.can_schedule(request.user):
            raise exceptions.PermissionDenied
        data = valid(OperationForm(form_data(request), user=request.user))
        operation = scheduling(lambda: services.create_operation(actor=request.user, **data))
        operation = selectors.operation_list(user=request.user).get(pk=operation.pk)
        return Response(serializers.OperationSerializer(operation).data, status=201)


OperationEditInput = inline_serializer(
    "OperationEditInput",
    {
        "name": drf.CharField(max_length=150),
        "starts_on": drf.DateField(),
        "ends_on": drf.DateField(),
        "description": drf.CharField(required=False),
    },
)


class OperationDetail(StaffView):
    @extend_schema(responses=serializers.OperationSerializer)
    def get(self, request, pk: int):
        operation = selectors.operation_list(user=request.user).filter(pk=pk).first()
        if operation is None:
            raise Http404
        return Response(serializers.OperationSerializer(operation).data)

    @extend_schema(request=OperationEditInput, responses=serializers.OperationSerializer)
    def put(self, request, pk: int):
        """Rename an operation or change its period (every field again), as its edit page:
        scheduling staff over its owning unit, which does not change. A period that would leave
        out a session planned, held or reported under it is refused."""
        operation = selectors.visible_operation(user=request.user, pk=pk)
        if not rules.can_edit_operation(request.user, operation):
            raise exceptions.PermissionDenied
        data = valid(OperationEditForm(form_data(request), user=request.user))
        scheduling(lambda: services.update_operation(actor=request.user, operation=operation, **data))
        operation = selectors.operation_list(user=request.user).get(pk=pk)
        return Response(serializers.OperationSerializer(operation).data)
