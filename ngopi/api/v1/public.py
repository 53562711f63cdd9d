"""What anybody may read: areas (the tree), posts, categories; sessions (staff see theirs)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from aspirations import selectors as aspiration_selectors
from events.models import Session
from ngopi.areas.models import Area, Post

from .. import serializers
from ..pagination import PAGE_PARAMETERS, page_of, page_response
from .base import PublicView


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AreaList(PublicView):
    @extend_schema(
        parameters=[
            OpenApiParameter("parent", int, description="Children of this area; none: the provinces."),
            *PAGE_PARAMETERS,
        ],
        responses=serializers.AreaSerializer(many=True),
    )
    def get(self, request):
        """The administrative areas, one level at a time (the tree)."""
        parent = _int(request.query_params.get("parent"))
        queryset = (
            Area.objects.filter(parent_id=parent) if parent else Area.objects.filter(parent__isnull=True)
        )
        return page_response(request, page_of(request, queryset, fields=["id"]), serializers.AreaSerializer)


class AreaDetail(PublicView):
    @extend_schema(responses=serializers.AreaSerializer)
    def get(self, request, pk: int):
        return Response(serializers.AreaSerializer(get_object_or_404(Area, pk=pk)).data)


class PostList(PublicView):
    @extend_schema(
        parameters=[OpenApiParameter("rw", int, description="Posts of this RW."), *PAGE_PARAMETERS],
        responses=serializers.PostSerializer(many=True),
    )
    def get(self, request):
        """Active posts (venues of sessions)."""
        queryset = Post.objects.active()
        if rw := _int(request.query_params.get("rw")):
            queryset = queryset.filter(rw_id=rw)
        return page_response(request, page_of(request, queryset, fields=["id"]), serializers.PostSerializer)


class CategoryList(PublicView):
    pagination_class = None

    @extend_schema(responses=serializers.CategorySerializer(many=True))
    def get(self, request):
        """The active categories (the public form's "about")."""
        categories = aspiration_selectors.active_categories()
        return Response(serializers.CategorySerializer(categories, many=True).data)


def sessions_for(user):
    """Staff: the sessions in their jurisdiction, every status; anybody else: the public ones."""
    if user.is_authenticated:
        # The assignments answer ``allowed_actions`` (who leads) for every row at once.
        return Session.objects.visible_to(user).for_list().prefetch_related("assignments")
    return Session.objects.public().for_list()


def serializer_for(user):
    return serializers.StaffSessionSerializer if user.is_authenticated else serializers.SessionSerializer
