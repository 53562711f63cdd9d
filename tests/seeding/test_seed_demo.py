import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Area, Post


def counts():
    return (PoliceUnit.objects.count(), Area.objects.count(), Post.objects.count(), User.objects.count())


@override_settings(DEBUG=True)
def test_seed_demo_twice_creates_nothing_new(db):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first[0] == 4 and first[2] >= 5


@override_settings(DEBUG=True)
def test_seed_demo_users_sign_in_and_see_their_world(db, client):
    call_command("seed_demo")
    response = client.post("/accounts/login/", {"username": "bhabin", "password": "kamtibmas-demo"})
    assert response.status_code == 302
    bhabin = User.objects.get(username="bhabin")
    posts = {p.name for p in Post.objects.visible_to(bhabin)}
    assert "Pos Satkamling Sekretariat RW 18" in posts
    assert "Pos Kamling RW 03 Margahayu" not in posts
    kapolres = User.objects.get(username="kapolres")
    assert "Pos Kamling RW 03 Margahayu" in {p.name for p in Post.objects.visible_to(kapolres)}
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_refuses_with_debug_off(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert PoliceUnit.objects.count() == 0


def test_seed_demo_runs_with_debug_off_when_forced(db):
    call_command("seed_demo", "--force")
    assert User.objects.filter(username="dirbinmas", role="commander").exists()


@override_settings(DEBUG=True)
def test_seed_demo_places_every_post_on_the_public_maps(db, client):
    call_command("seed_demo")
    assert not Post.objects.filter(latitude__isnull=True).exists()
    # A demo database seeded before the posts had positions gets them on the next run.
    Post.objects.exclude(name="Pos Satkamling Sekretariat RW 18").update(latitude=None, longitude=None)
    call_command("seed_demo")
    assert not Post.objects.filter(latitude__isnull=True).exists()
