"""The dialogue loop (events): himbauan and commitments, read only. Writes stay on the pages
until the events app's services for them exist."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema

from events.enums import CommitmentStatus
from events.models import Commitment, Himbauan
from ngopi.areas.models import Area

from .. import serializers
from ..pagination import PAGE_PARAMETERS, page_of, page_response
from .base import PublicView, StaffView
from .public import _int


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
