"""``{% map markers "id" %}``: a Leaflet map of ``markers`` (static/js/map.js) and its note.

``markers`` is a list of dicts ``{lat, lng, label, detail, url, count}`` (floats for the
coordinates). The page keeps its own list of the same places: the map only adds to it."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("includes/map.html")
def map(markers, name: str, label: str = ""):
    return {
        "markers": markers,
        "name": name,
        "data_id": f"{name}-data",
        "label": label,
        "tiles": settings.NGOPI_MAP_TILES,
        "attribution": settings.NGOPI_MAP_ATTRIBUTION,
    }
