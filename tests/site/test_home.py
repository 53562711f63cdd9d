"""The residents' way in: the home page's two actions, the sessions near them, the icons and the
web manifest."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from ngopi.site.public import VILLAGE_COOKIE
from tests.aspirations.factories import make_session


def test_home_offers_send_and_track_first_as_plain_links(client, world):
    body = client.get("/").content.decode()
    main = body.split('id="main"', 1)[1]
    send = main.index('href="/aspirasi/kirim/"')
    track = main.index('href="/aspirasi/lacak/"')
    assert send < track < main.index("Untuk warga")
    assert "Kirim aspirasi" in main[:track]
    assert "Lacak aspirasi dengan kodenya" in main


def test_navigation_shows_send_and_track_outside_the_collapsed_menu(client, login, world, bhabin):
    for response in (client.get("/"), login(bhabin).get("/staf/kegiatan/")):
        body = response.content.decode()
        before_menu = body.split('id="nav-main"', 1)[0]
        actions = before_menu.split('data-testid="nav-actions"', 1)[1]
        assert 'href="/aspirasi/kirim/"' in actions
        assert 'href="/aspirasi/lacak/"' in actions


@pytest.fixture
def sessions(world, binmas, bhabin):
    return {
        "pekayon": make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=2)),
        "margahayu": make_session(post=world.post_rw03, actor=binmas, starts_in=timedelta(days=3)),
    }


def test_home_lists_the_next_sessions_of_the_chosen_kelurahan(client, world, sessions):
    response = client.get("/", {"kelurahan": world.pekayon.pk})
    body = response.content.decode()
    listed = body.split('data-testid="home-sessions"', 1)[1].split("</div>\n  ", 1)[0]
    assert sessions["pekayon"].title in listed
    assert sessions["margahayu"].title not in listed
    assert f'<option value="{world.pekayon.pk}" selected>Pekayon Jaya</option>' in body


def test_home_remembers_the_chosen_kelurahan_in_a_cookie(client, world, sessions):
    client.get("/", {"kelurahan": world.margahayu.pk})
    assert client.cookies[VILLAGE_COOKIE].value == str(world.margahayu.pk)
    body = client.get("/").content.decode()
    assert sessions["margahayu"].title in body
    assert sessions["pekayon"].title not in body


def test_home_without_a_kelurahan_lists_no_session_but_offers_the_menu(client, world, sessions):
    body = client.get("/").content.decode()
    assert 'data-testid="home-sessions"' not in body
    assert "Kelurahan/desa Anda" in body
    assert "Pekayon Jaya" in body and "Margahayu" in body


def test_home_forgets_the_kelurahan_when_none_is_chosen(client, world, sessions):
    client.get("/", {"kelurahan": world.pekayon.pk})
    client.get("/", {"kelurahan": ""})
    assert client.cookies[VILLAGE_COOKIE].value == ""
    assert sessions["pekayon"].title not in client.get("/").content.decode()


def test_home_with_an_unknown_kelurahan_shows_the_page(client, world):
    assert client.get("/", {"kelurahan": "abc"}).status_code == 200
    assert client.get("/", {"kelurahan": "999999"}).status_code == 200


def _static_file(url: str):
    """The file a static URL serves (the test client does not serve static files)."""
    assert url.startswith(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    )
    return finders.find(url.split("/static/", 1)[1])


def test_favicon_ico_answers_with_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = _static_file(response["Location"])
    assert icon is not None
    with Image.open(icon) as image:
        assert image.format == "ICO"


def test_web_manifest_is_linked_and_names_the_app(client, db):
    body = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert 'rel="icon"' in body
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Ngopi Kamtibmas"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#5b3a1e"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert _static_file(icon["src"]) is not None, icon["src"]
