"""The map's tile server setting and what it adds to the Content-Security-Policy."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from ngopi.core.maps import tile_origin
from tests.csp import policy


@pytest.mark.parametrize(
    ("template", "origin"),
    [
        ("", ""),
        ("https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
    ],
)
def test_tile_origin_of_the_template(template, origin):
    assert tile_origin(template) == origin


@pytest.mark.parametrize(
    "template", ["tile.example.org/{z}/{x}/{y}.png", "javascript:alert(1)", "https://{z}.x/"]
)
def test_tile_origin_refuses_what_is_not_a_tile_url(template):
    with pytest.raises(ImproperlyConfigured):
        tile_origin(template)


def test_without_tiles_the_map_draws_its_offline_fallback(client, world, settings):
    settings.NGOPI_MAP_TILES = ""
    from tests.factories import PostFactory

    PostFactory(name="Pos Melati", rw=world.rw18, latitude="-6.26", longitude="107.0")
    response = client.get(reverse("wilayah:area", args=[world.rw18.pk]))
    body = response.content.decode()
    assert "data-tiles" not in body
    offline_note = body.split('data-testid="map-offline-note"', 1)[1].split(">", 1)
    assert "hidden" not in offline_note[0]
    assert "/static/vendor/leaflet/leaflet.js" in body and "/static/js/map.js" in body
    assert policy(response)["img-src"] == ["'self'", "data:"]


def test_with_tiles_the_map_gets_the_template(client, world, settings):
    settings.NGOPI_MAP_TILES = "https://tile.example.org/{z}/{x}/{y}.png"
    from tests.factories import PostFactory

    PostFactory(name="Pos Melati", rw=world.rw18, latitude="-6.26", longitude="107.0")
    body = client.get(reverse("wilayah:area", args=[world.rw18.pk])).content.decode()
    assert 'data-tiles="https://tile.example.org/{z}/{x}/{y}.png"' in body
