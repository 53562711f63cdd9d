"""The dialogue loop (events): himbauan and commitments, a session's agenda. Reads through the
loop's selectors and ``visible_to(user)``; writes through the staff pages' forms
(``events.loop_forms``), the session workflow and ``events.services`` (the same as the pages)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions
from rest_framework import serializers as drf
from rest_framework.response import Response

from events import agenda, loop_selectors, rules, selectors, services, workflow
from events.enums import CLOSED_COMMITMENT_STATUSES, CommitmentStatus
from events.loop_forms import CommitmentCloseForm, CommitmentForm, HimbauanForm
from events.models import Commitment, Himbauan
from ngopi.areas.models import Area

from .. import serializers
from ..pagination import PAGE_PARAMETERS, page_of, page_response
from .base import PublicView, StaffView, form_data, valid
from .public import _int

NOTE_MAX = 2000  # as the session page's agenda form


# --- himbauan ------------------------------------------------------------------------------------

HimbauanInput = inline_serializer(
    "HimbauanInput",
    {
        "title": drf.CharField(max_length=200),
        "body": drf.CharField(max_length=5000),
        "area": drf.IntegerField(
            help_text="A kota/kabupaten, kecamatan, kelurahan or RW in your jurisdiction."
        ),
        "operation": drf.IntegerField(required=False, allow_null=True),
        "valid_from": drf.DateField(),
        "valid_until": drf.DateField(required=False, allow_null=True),
    },
)


class HimbauanList(PublicView):
    @extend_schema(
        parameters=[
            OpenApiParameter("area", int, description="Himbauan covering this area."),
            *PAGE_PARAMETERS,
        ],
        responses=serializers.HimbauanSerializer(many=True),
    )
    def get(self, request):
        """Public: the himbauan in force. Signed in: every himbauan of the caller's units and
        the units above them."""
        user = request.user
        queryset = Himbauan.objects.visible_to(user) if user.is_authenticated else Himbauan.objects.in_force()
        queryset = queryset.select_related("area", "unit", "operation")
        if area_id := _int(request.query_params.get("area")):
            area = Area.objects.filter(pk=area_id).first()
            queryset = queryset.covering(area) if area else queryset.none()
        page = page_of(request, queryset, fields=["-valid_from", "-id"])
        return page_response(request, page, serializers.HimbauanSerializer)

    @extend_schema(request=HimbauanInput, responses={201: serializers.HimbauanSerializer})
    def post(self, request):
        """Publish a himbauan (Binmas staff, commanders, administrators), owned by the caller's
        unit; sessions already planned in its area get it on their agenda."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        if not rules.can_manage_himbauan(request.user):
            raise exceptions.PermissionDenied
        data = valid(HimbauanForm(form_data(request), user=request.user))
        himbauan = services.create_himbauan(actor=request.user, **data)
        himbauan = loop_selectors.himbauan_detail(user=request.user, pk=himbauan.pk)
        return Response(serializers.HimbauanSerializer(himbauan).data, status=201)


class HimbauanDetail(StaffView):
    @extend_schema(responses=serializers.HimbauanSerializer)
    def get(self, request, pk: int):
        """One himbauan of the caller's units or the units above them."""
        himbauan = loop_selectors.himbauan_detail(user=request.user, pk=pk)
        return Response(serializers.HimbauanSerializer(himbauan).data)

    @extend_schema(request=HimbauanInput, responses=serializers.HimbauanSerializer)
    def put(self, request, pk: int):
        """Change a himbauan (every field again), as its edit page."""
        himbauan = loop_selectors.himbauan_detail(user=request.user, pk=pk)
        if not rules.can_edit_himbauan(request.user, himbauan):
            raise exceptions.PermissionDenied
        data = valid(HimbauanForm(form_data(request), user=request.user))
        services.update_himbauan(actor=request.user, himbauan=himbauan, **data)
        himbauan = loop_selectors.himbauan_detail(user=request.user, pk=pk)
        return Response(serializers.HimbauanSerializer(himbauan).data)


# --- commitments ---------------------------------------------------------------------------------

CommitmentInput = inline_serializer(
    "CommitmentInput",
    {
        "text": drf.CharField(max_length=300),
        "responsible": drf.IntegerField(help_text="An officer of the session's Polsek or a unit above it."),
        "due_date": drf.DateField(),
        "aspirations": drf.ListField(
            child=drf.IntegerField(),
            required=False,
            help_text="Agenda rows (section aspirations of the session's agenda) the commitment answers.",
        ),
    },
)
CloseInput = inline_serializer(
    "CommitmentCloseInput",
    {
        "status": drf.ChoiceField(choices=[str(s) for s in CLOSED_COMMITMENT_STATUSES]),
        "outcome_note": drf.CharField(max_length=5000),
        "evidence": drf.CharField(max_length=5000, required=False),
    },
)


class CommitmentList(StaffView):
    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=CommitmentStatus.values),
            OpenApiParameter("session", int),
            OpenApiParameter("area", int, description="At this RW or kelurahan."),
            *PAGE_PARAMETERS,
        ],
        responses=serializers.CommitmentSerializer(many=True),
    )
    def get(self, request):
        """Commitments made at sessions in the caller's jurisdiction (and those he answers for),
        soonest due first."""
        queryset = Commitment.objects.visible_to(request.user).for_list()
        if (status := request.query_params.get("status")) in CommitmentStatus.values:
            queryset = queryset.filter(status=status)
        if session := _int(request.query_params.get("session")):
            queryset = queryset.filter(session_id=session)
        if area := _int(request.query_params.get("area")):
            queryset = queryset.filter(Q(rw_id=area) | Q(rw__parent_id=area))
        page = page_of(request, queryset, fields=["due_date", "id"])
        return page_response(request, page, serializers.CommitmentSerializer)


def _commitment(request, pk: int) -> Response:
    commitment = loop_selectors.commitment_detail(user=request.user, pk=pk)
    return serializers.CommitmentDetailSerializer(commitment, context={"request": request}).data


class CommitmentDetail(StaffView):
    @extend_schema(responses=serializers.CommitmentDetailSerializer)
    def get(self, request, pk: int):
        """One commitment, its outcome once closed, and whether the caller may close it."""
        return Response(_commitment(request, pk))


class CommitmentClose(StaffView):
    @extend_schema(
        operation_id="commitments_close", request=CloseInput, responses=serializers.CommitmentDetailSerializer
    )
    def post(self, request, pk: int):
        """Close a commitment: ``kept``, ``partly`` or ``not_kept``, with what happened (and the
        evidence). Its responsible officer, the commanders over its unit, administrators."""
        commitment = loop_selectors.commitment_detail(user=request.user, pk=pk)
        workflow.check_close_commitment(commitment, request.user)  # 403 / 409 before the input
        data = valid(CommitmentCloseForm(form_data(request)))
        services.close_commitment(actor=request.user, commitment=commitment, **data)
        return Response(_commitment(request, pk))


def _aspiration_items(session):
    return [
        item
        for section in agenda.session_agenda(session)
        if section.code == "aspirations"
        for item in section.items
    ]


class SessionCommitments(StaffView):
    @extend_schema(request=CommitmentInput, responses={201: serializers.CommitmentDetailSerializer})
    def post(self, request, pk: int):
        """Record a commitment made at the session (whoever may report it, once it has started),
        as the session page's "record a commitment"."""
        session = selectors.session_detail(user=request.user, pk=pk)
        workflow.check(session, request.user, workflow.Action.COMMITMENT)
        form = CommitmentForm(
            form_data(request, lists=("aspirations",)),
            responsible=services.responsible_choices(session),
            aspiration_items=_aspiration_items(session),
        )
        data = valid(form)
        commitment = services.record_commitment(
            actor=request.user,
            session=session,
            text=data["text"],
            responsible=data["responsible"],
            due_date=data["due_date"],
            agenda_rows={"aspirations": data.get("aspirations") or []},
        )
        return Response(_commitment(request, commitment.pk), status=201)


# --- a session's agenda ------------------------------------------------------------------------


class AgendaItemSerializer(drf.Serializer):
    id = drf.IntegerField(source="row_id", help_text="The agenda row (unique within its section).")
    code = drf.CharField()
    category = drf.CharField()
    text = drf.CharField()
    status = drf.CharField()
    discussed = drf.BooleanField()
    note = drf.CharField()


class AgendaSectionSerializer(drf.Serializer):
    section = drf.CharField(source="code")
    label = drf.CharField()
    items = AgendaItemSerializer(many=True)


class AgendaTick(drf.Serializer):
    section = drf.CharField()
    id = drf.IntegerField()
    discussed = drf.BooleanField()
    note = drf.CharField(required=False, allow_blank=True, max_length=NOTE_MAX)


class AgendaInput(drf.Serializer):
    items = AgendaTick(many=True)


class SessionAgenda(StaffView):
    @extend_schema(operation_id="sessions_agenda_retrieve", responses=AgendaSectionSerializer(many=True))
    def get(self, request, pk: int):
        """The session's agenda, one section per source (aspirations of its RW, commitments
        still open there, himbauan in force), with what was ticked and noted."""
        session = selectors.visible_session(user=request.user, pk=pk)
        return Response(AgendaSectionSerializer(agenda.session_agenda(session), many=True).data)

    @extend_schema(
        operation_id="sessions_agenda_record",
        request=AgendaInput,
        responses=AgendaSectionSerializer(many=True),
    )
    def post(self, request, pk: int):
        """Tick what was discussed and note the answers (the items given; the others stay as
        they are): the session's lead or scheduling staff, once it has started."""
        session = selectors.session_detail(user=request.user, pk=pk)
        workflow.check(session, request.user, workflow.Action.AGENDA)
        query = AgendaInput(data=request.data if isinstance(request.data, dict) else {})
        query.is_valid(raise_exception=True)
        on_agenda = {(s.code, item.row_id) for s in agenda.session_agenda(session) for item in s.items}
        answers: dict[str, dict] = {}
        errors = {}
        for i, tick in enumerate(query.validated_data["items"]):
            if (tick["section"], tick["id"]) not in on_agenda:
                errors[f"items.{i}.id"] = [_("This item is not on the session's agenda.")]
                continue
            answers.setdefault(tick["section"], {})[tick["id"]] = (tick["discussed"], tick.get("note", ""))
        if errors:
            raise exceptions.ValidationError(errors)
        services.record_agenda(actor=request.user, session=session, answers=answers)
        return Response(AgendaSectionSerializer(agenda.session_agenda(session), many=True).data)
