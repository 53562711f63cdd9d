"""A session's report: filed (held, or "did not take place": postponed or cancelled) and
corrected, through the staff page's forms (``ReportForm``, ``ReportCorrectionForm``), the
session workflow and the events app's services. Photos come as ``multipart/form-data``."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions
from rest_framework import serializers as drf
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from events import selectors, services, workflow
from events.forms import ReportCorrectionForm, ReportForm
from events.workflow import Action

from .. import serializers
from .base import StaffView, form_data, valid

ReportInput = inline_serializer(
    "ReportInput",
    {
        "held": drf.ChoiceField(
            choices=["yes", "postponed", "cancelled"],
            help_text="yes: the report of a held session; postponed/cancelled: it did not take place.",
        ),
        "reason": drf.CharField(required=False, help_text="Required when the session was not held."),
        "residents_count": drf.IntegerField(required=False, min_value=0),
        "leaders_count": drf.IntegerField(required=False, min_value=0),
        "agencies_count": drf.IntegerField(required=False, min_value=0),
        "summary": drf.CharField(required=False, help_text="Required when held."),
        "issues_raised": drf.CharField(required=False),
        "photos": drf.ListField(child=drf.ImageField(), required=False, help_text="multipart only; up to 5"),
    },
)
CorrectionInput = inline_serializer(
    "ReportCorrectionInput",
    {
        "residents_count": drf.IntegerField(min_value=0),
        "leaders_count": drf.IntegerField(min_value=0),
        "agencies_count": drf.IntegerField(min_value=0),
        "summary": drf.CharField(),
        "issues_raised": drf.CharField(required=False),
        "photos": drf.ListField(child=drf.ImageField(), required=False, help_text="multipart only; added"),
    },
)


def _bound(form_class, request):
    """The staff form bound to the request's JSON or form fields (and its files)."""
    data = request.data if hasattr(request.data, "getlist") else form_data(request)  # multipart as is
    return valid(form_class(data, request.FILES or None))


def _result(request, pk: int, status: int = 200) -> Response:
    session = selectors.session_detail(user=request.user, pk=pk)
    return Response(
        serializers.SessionWithReportSerializer(session, context={"request": request}).data, status=status
    )


class SessionReportView(StaffView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(operation_id="sessions_report_retrieve", responses=serializers.SessionWithReportSerializer)
    def get(self, request, pk: int):
        """The session with its report (``report`` is null until one is filed)."""
        return _result(request, pk)

    @extend_schema(
        operation_id="sessions_report_create",
        request={"application/json": ReportInput, "multipart/form-data": ReportInput},
        responses={201: serializers.SessionWithReportSerializer},
    )
    def post(self, request, pk: int):
        """File the report of a session (its lead, or scheduling staff over it): ``held: yes``
        with the attendance and the summary (the session becomes *reported*), or ``postponed`` /
        ``cancelled`` with the reason (the session did not take place)."""
        session = selectors.session_detail(user=request.user, pk=pk)
        # As the page: who may not report gets 403, a session past reporting 409 (before input).
        workflow.check(session, request.user, Action.REPORT, timing=False)
        data = _bound(ReportForm, request)
        if data["held"] == "yes":
            services.file_report(
                actor=request.user,
                session=session,
                residents_count=data["residents_count"],
                leaders_count=data.get("leaders_count") or 0,
                agencies_count=data.get("agencies_count") or 0,
                summary=data["summary"],
                issues_raised=data.get("issues_raised", ""),
                photos=data["photos"],
            )
        else:
            services.report_not_held(
                actor=request.user,
                session=session,
                postponed=data["held"] == "postponed",
                reason=data["reason"],
            )
        return _result(request, pk, status=201)

    @extend_schema(
        operation_id="sessions_report_update",
        request={"application/json": CorrectionInput, "multipart/form-data": CorrectionInput},
        responses=serializers.SessionWithReportSerializer,
    )
    def put(self, request, pk: int):
        """Correct a filed report (all its fields again; photos are added). What changed is
        recorded in the session's log, as on the page."""
        session = selectors.session_detail(user=request.user, pk=pk)
        workflow.check(session, request.user, Action.CORRECT_REPORT)
        report = getattr(session, "report", None)
        if report is None:
            raise exceptions.NotFound
        data = _bound(ReportCorrectionForm, request)
        photos = data.pop("photos")
        services.correct_report(actor=request.user, report=report, photos=photos, **data)
        return _result(request, pk)
