"""The API's list pages: keyset cursors (``ngopi.core.pagination``), the same as the staff pages,
so page 10 000 costs what page 1 does. ``?cursor=`` takes the ``next`` link's value."""

from django.utils.http import urlencode
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from ngopi.core.pagination import KeysetPage, keyset_page

DEFAULT_SIZE = 25
MAX_SIZE = 100

PAGE_PARAMETERS = [
    OpenApiParameter("cursor", str, description="The `next` link's cursor (opaque)."),
    OpenApiParameter("size", int, description=f"Rows per page (1–{MAX_SIZE}, default {DEFAULT_SIZE})."),
]


def page_size(request) -> int:
    try:
        size = int(request.query_params.get("size", DEFAULT_SIZE))
    except ValueError:
        size = DEFAULT_SIZE
    return max(1, min(size, MAX_SIZE))


def page_of(request, queryset, *, fields: list[str]) -> KeysetPage:
    return keyset_page(
        queryset, fields=fields, after=request.query_params.get("cursor"), size=page_size(request)
    )


def page_response(request, page: KeysetPage, serializer_class, **kwargs) -> Response:
    next_url = None
    if page.next_token:
        query = request.query_params.copy()
        query["cursor"] = page.next_token
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")
    data = serializer_class(page.rows, many=True, context={"request": request}, **kwargs).data
    return Response({"next": next_url, "results": data})
