"""The one scoping rule, across three units and every role."""

import pytest

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Area, Post


def names(queryset):
    return {obj.name for obj in queryset}


@pytest.fixture
def everyone(bhabin, other_bhabin, kapolsek, kapolres, kapolres_depok, dirbinmas, binmas, administrator):
    return locals()


def test_units_visible_to_commander_are_his_subtree(world, kapolres, kapolsek, dirbinmas):
    assert names(PoliceUnit.objects.visible_to(dirbinmas)) == {
        "Polda Metro Jaya",
        "Polres Metro Bekasi Kota",
        "Polsek Bekasi Selatan",
        "Polsek Bekasi Timur",
        "Polres Metro Depok",
        "Polsek Beji",
    }
    assert names(PoliceUnit.objects.visible_to(kapolres)) == {
        "Polres Metro Bekasi Kota",
        "Polsek Bekasi Selatan",
        "Polsek Bekasi Timur",
    }
    assert names(PoliceUnit.objects.visible_to(kapolsek)) == {"Polsek Bekasi Selatan"}


def test_units_visible_to_bhabin_is_only_his_own(world, bhabin):
    assert names(PoliceUnit.objects.visible_to(bhabin)) == {"Polsek Bekasi Selatan"}


def test_posts_visible_to_each_role_follow_the_coverage(world, everyone):
    expected = {
        "bhabin": {"Pos Satkamling Sekretariat RW 18", "Balai Warga RW 19"},
        "other_bhabin": {"Pos Kamling RW 03"},
        "kapolsek": {"Pos Satkamling Sekretariat RW 18", "Balai Warga RW 19"},
        "kapolres": {"Pos Satkamling Sekretariat RW 18", "Balai Warga RW 19", "Pos Kamling RW 03"},
        "binmas": {"Pos Satkamling Sekretariat RW 18", "Balai Warga RW 19", "Pos Kamling RW 03"},
        "kapolres_depok": {"Pos Kamling RW 01 Beji"},
        "dirbinmas": {
            "Pos Satkamling Sekretariat RW 18",
            "Balai Warga RW 19",
            "Pos Kamling RW 03",
            "Pos Kamling RW 01 Beji",
        },
        "administrator": {
            "Pos Satkamling Sekretariat RW 18",
            "Balai Warga RW 19",
            "Pos Kamling RW 03",
            "Pos Kamling RW 01 Beji",
        },
    }
    for persona, posts in expected.items():
        assert names(Post.objects.visible_to(everyone[persona])) == posts, persona


def test_areas_visible_to_commander_are_covered_villages_and_their_rws(world, kapolres, kapolres_depok):
    assert names(Area.objects.visible_to(kapolres)) == {
        "Pekayon Jaya",
        "RW 18",
        "RW 19",
        "Margahayu",
        "RW 03",
    }
    assert names(Area.objects.visible_to(kapolres_depok)) == {"Beji", "RW 01"}


def test_areas_visible_to_bhabin_are_his_villages(world, bhabin, other_bhabin):
    assert names(Area.objects.visible_to(bhabin)) == {"Pekayon Jaya", "RW 18", "RW 19"}
    assert names(Area.objects.visible_to(other_bhabin)) == {"Margahayu", "RW 03"}


def test_users_visible_to_commander_are_people_of_his_subtree(everyone):
    kapolres = everyone["kapolres"]
    visible = {u.username for u in User.objects.visible_to(kapolres)}
    assert visible == {"bhabin", "bhabin2", "kapolsek", "kapolres", "binmas"}
    assert {u.username for u in User.objects.visible_to(everyone["kapolres_depok"])} == {"kapolres-depok"}


def test_nothing_visible_to_officer_without_unit_or_inactive(world, bhabin):
    loose = User(username="loose", role="commander", unit=None)  # e.g. a unit not yet set in the admin
    assert not Post.objects.visible_to(loose).exists()
    assert not User.objects.visible_to(loose).exists()
    bhabin.is_active = False
    assert not Post.objects.visible_to(bhabin).exists()


def test_nothing_visible_to_anonymous_visitor(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Post.objects.visible_to(AnonymousUser()).exists()
    assert not PoliceUnit.objects.visible_to(AnonymousUser()).exists()
    assert not Area.objects.visible_to(None).exists()


def test_bhabin_covering_two_villages_sees_both(world, bhabin):
    from ngopi.areas import services

    services.set_village_coverage(village=world.margahayu, polsek=world.polsek_timur, officers=[bhabin])
    bhabin = User.objects.get(pk=bhabin.pk)  # a fresh object: the jurisdiction is cached per object
    assert names(Post.objects.visible_to(bhabin)) == {
        "Pos Satkamling Sekretariat RW 18",
        "Balai Warga RW 19",
        "Pos Kamling RW 03",
    }
