"""The caller's own: notifications, dashboard figures of his scope, his API tokens."""

import dataclasses
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from ngopi.dashboard import selectors as dashboard_selectors
from ngopi.dashboard.forms import DashboardFilterForm
from ngopi.dashboard.rules import can_see_dashboard
from ngopi.notifications import services as notification_services
from ngopi.notifications.models import Notification

from .. import serializers
from ..pagination import PAGE_PARAMETERS, page_of, page_response
from .base import StaffView


class NotificationList(StaffView):
    @extend_schema(parameters=PAGE_PARAMETERS, responses=serializers.NotificationSerializer(many=True))
    def get(self, request):
        """The caller's notifications, newest first."""
        queryset = Notification.objects.for_user(request.user)
        if request.query_params.get("unread") in ("1", "true"):
            queryset = queryset.unread()
        page = page_of(request, queryset, fields=["-created_at", "-id"])
        return page_response(request, page, serializers.NotificationSerializer)


class NotificationsRead(StaffView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        """Mark all the caller's notifications read (as the inbox page's button)."""
        return Response({"marked": notification_services.mark_read(user=request.user)})


def plain(value, request):
    """The dashboard's figures as JSON: a figure is its value and the absolute link to the list
    behind it; a row of a model is its id and name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "url") and hasattr(value, "value"):
            return {
                "value": plain(value.value, request),
                "label": str(value.label),
                "key": value.key,
                "url": request.build_absolute_uri(value.url) if value.url else None,
            }
        return {f.name: plain(getattr(value, f.name), request) for f in dataclasses.fields(value)}
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, dict):
        return {str(k): plain(v, request) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v, request) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Promise):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


DASHBOARD_PARTS = (
    "filters",
    "sessions",
    "coverage",
    "aspirations",
    "categories",
    "open",
    "outcomes",
    "hot_spots",
    "warnings",
    "trend",
    "units",
)


class Dashboard(StaffView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        """The commanders' dashboard for the caller's scope: the same selectors and filters
        (``period``, ``date_from``, ``date_to``, ``unit``, ``area``, ``category``, ``operation``)
        as ``/dasbor/``, so the numbers agree."""
        if not can_see_dashboard(request.user):
            raise exceptions.PermissionDenied
        form = DashboardFilterForm(request.query_params or None, user=request.user)
        data = dashboard_selectors.dashboard(user=request.user, f=form.filters())
        return Response({part: plain(data[part], request) for part in DASHBOARD_PARTS})
