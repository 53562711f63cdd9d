"""aspirations/rules.py and the shared predicates of ngopi/accounts/permissions.py: a table of
roles × places for each, checked against what the staff pages show (the scoping rule)."""

import pytest

from aspirations import rules
from aspirations.enums import Privacy
from aspirations.models import Aspiration
from ngopi.accounts import permissions

from .factories import make_aspiration, make_session

PERSONAS = [
    "administrator",
    "dirbinmas",
    "kapolres",
    "kapolsek",
    "binmas",
    "bhabin",
    "other_bhabin",
    "kapolres_depok",
]
# The places, seen from Polsek Bekasi Selatan (RW 18): its own kelurahan; beside it, Margahayu
# (RW 03, Polsek Bekasi Timur, same Polres); and Beji (RW 01, Polres Depok).
PLACES = ["rw18", "rw03", "rw01"]

SEES = {  # persona: (RW 18, RW 03, RW 01)
    "administrator": (True, True, True),
    "dirbinmas": (True, True, True),
    "kapolres": (True, True, False),
    "kapolsek": (True, False, False),
    "binmas": (True, True, False),
    "bhabin": (True, False, False),
    "other_bhabin": (False, True, False),
    "kapolres_depok": (False, False, True),
}
# A confidential reporter's identity: administrators, commanders above the Polsek, the assignee
# (the Bhabinkamtibmas the aspiration was routed to); never scheduling staff.
SEES_CONFIDENTIAL_IDENTITY = {
    "administrator": (True, True, True),
    "dirbinmas": (True, True, True),
    "kapolres": (True, True, False),
    "kapolsek": (True, False, False),
    "binmas": (False, False, False),
    "bhabin": (True, False, False),
    "other_bhabin": (False, True, False),
    "kapolres_depok": (False, False, True),
}


@pytest.fixture
def everyone(request, world, bhabin, other_bhabin):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def confidential_at(world, place):
    return make_aspiration(
        rw=getattr(world, place),
        privacy=Privacy.CONFIDENTIAL,
        name="Siti Aminah",
        phone="0812 1111 2222",
        consent=True,
    )


def fresh(aspiration):
    return Aspiration.objects.select_related("unit").get(pk=aspiration.pk)


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_act_on_follows_the_command_tree(world, everyone, persona, login):
    user = everyone[persona]
    aspirations = [fresh(make_aspiration(rw=getattr(world, place))) for place in PLACES]
    answers = tuple(rules.can_act_on(user, a) for a in aspirations)
    assert answers == SEES[persona]
    assert tuple(rules.can_assign(user, a) for a in aspirations) == SEES[persona]
    # The predicate and the pages agree: what it allows is what the inbox lists and the
    # detail page opens.
    client = login(user)
    for aspiration, allowed in zip(aspirations, answers, strict=True):
        assert Aspiration.objects.visible_to(user).filter(pk=aspiration.pk).exists() is allowed
        assert client.get(aspiration.get_absolute_url()).status_code == (200 if allowed else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_see_identity_of_a_confidential_report(world, everyone, persona, login):
    user = everyone[persona]
    aspirations = [fresh(confidential_at(world, place)) for place in PLACES]
    answers = tuple(rules.can_see_identity(user, a) for a in aspirations)
    assert answers == SEES_CONFIDENTIAL_IDENTITY[persona]
    client = login(user)
    for aspiration, allowed in zip(aspirations, answers, strict=True):
        page = client.get(f"/staf/aspirasi/{aspiration.pk}/identitas/")
        assert page.status_code == (200 if allowed else 404)
        if allowed:
            assert "Siti Aminah" in page.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_see_identity_of_public_and_anonymous_reports(world, everyone, persona):
    user = everyone[persona]
    public = fresh(
        make_aspiration(
            rw=world.rw18, privacy=Privacy.PUBLIC, name="Budi", phone="0812 3333 4444", consent=True
        )
    )
    anonymous = fresh(make_aspiration(rw=world.rw18))
    assert rules.can_see_identity(user, public) is True  # whoever sees the aspiration
    assert rules.can_see_identity(user, anonymous) is False  # nothing is kept to show


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("administrator", True),
        ("dirbinmas", True),
        ("kapolres", True),
        ("kapolsek", True),
        ("binmas", False),
        ("bhabin", False),
        ("other_bhabin", False),
        ("kapolres_depok", True),
    ],
)
def test_can_export_identities_for_administrators_and_commanders(everyone, persona, expected):
    assert rules.can_export_identities(everyone[persona]) is expected


def test_can_export_identities_not_for_a_visitor(world):
    from django.contrib.auth.models import AnonymousUser

    assert rules.can_export_identities(AnonymousUser()) is False


RECORDS_AT = {  # persona: (session at RW 18 led by bhabin, session at RW 03 led by bhabin2)
    "administrator": (True, True),
    "dirbinmas": (True, True),
    "kapolres": (True, True),
    "kapolsek": (True, False),
    "binmas": (True, True),
    "bhabin": (True, False),
    "other_bhabin": (False, True),
    "kapolres_depok": (False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_can_record_at_a_session(world, everyone, persona, login):
    user = everyone[persona]
    sessions = [
        make_session(post=world.post_rw18, actor=everyone["binmas"], lead=everyone["bhabin"]),
        make_session(post=world.post_rw03, actor=everyone["binmas"], lead=everyone["other_bhabin"]),
    ]
    answers = tuple(rules.can_record_at(user, s) for s in sessions)
    assert answers == RECORDS_AT[persona]
    client = login(user)
    for session, allowed in zip(sessions, answers, strict=True):
        page = client.get(f"/staf/aspirasi/kegiatan/{session.pk}/catat/")
        assert page.status_code == (200 if allowed else 404)


def test_can_record_at_a_session_as_an_attending_officer_only_when_assigned(world, bhabin, binmas, kapolsek):
    session = make_session(post=world.post_rw18, actor=binmas, officers=[kapolsek])
    assert rules.can_record_at(bhabin, session) is False  # covers the kelurahan, not on the session
    assert rules.can_record_at(kapolsek, session) is True


COMMANDS = {  # persona: (Polda, Polres Bekasi, Polsek Bekasi Selatan, Polsek Bekasi Timur, Polres Depok)
    "administrator": (False, False, False, False, False),  # administrators see all but command nothing
    "dirbinmas": (True, True, True, True, True),
    "kapolres": (False, True, True, True, False),
    "kapolsek": (False, False, True, False, False),
    "binmas": (False, False, False, False, False),
    "bhabin": (False, False, False, False, False),
    "other_bhabin": (False, False, False, False, False),
    "kapolres_depok": (False, False, False, False, True),
}
UNITS = ["polda", "polres", "polsek", "polsek_timur", "polres_depok"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_commands_own_unit_and_below_not_beside(world, everyone, persona):
    user = everyone[persona]
    assert tuple(permissions.commands(user, getattr(world, unit)) for unit in UNITS) == COMMANDS[persona]
    assert permissions.is_administrator(user) is (persona == "administrator")


IN_JURISDICTION = {  # persona: (Polsek Bekasi Selatan's unit, Polsek Bekasi Timur's unit, Polsek Beji's unit)
    "administrator": (True, True, True),
    "dirbinmas": (True, True, True),
    "kapolres": (True, True, False),
    "kapolsek": (True, False, False),
    "binmas": (True, True, False),
    "bhabin": (True, False, False),  # his own unit
    "other_bhabin": (False, True, False),
    "kapolres_depok": (False, False, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_in_jurisdiction_by_unit(world, everyone, persona):
    user = everyone[persona]
    units = [world.polsek, world.polsek_timur, world.polsek_beji]
    assert tuple(permissions.in_jurisdiction(user, unit_id=u.pk) for u in units) == IN_JURISDICTION[persona]


def test_in_jurisdiction_of_a_bhabin_is_his_kelurahan(world, bhabin):
    assert permissions.in_jurisdiction(bhabin, unit_id=world.polsek.pk, village_id=world.pekayon.pk)
    assert not permissions.in_jurisdiction(bhabin, unit_id=world.polsek.pk, village_id=world.rw18.pk)


def test_nothing_is_in_the_jurisdiction_of_a_visitor_or_an_inactive_officer(world, kapolsek):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.in_jurisdiction(AnonymousUser(), unit_id=world.polsek.pk)
    kapolsek.is_active = False
    assert not permissions.in_jurisdiction(kapolsek, unit_id=world.polsek.pk)
    assert not permissions.commands(AnonymousUser(), world.polsek)
    assert not permissions.is_administrator(AnonymousUser())


def test_assignee_outside_his_kelurahan_may_act(world, bhabin, other_bhabin):
    """A Bhabinkamtibmas holding an aspiration of another kelurahan sees and acts on it."""
    aspiration = fresh(make_aspiration(rw=world.rw03))
    assert rules.can_act_on(bhabin, aspiration) is False
    Aspiration.objects.filter(pk=aspiration.pk).update(assignee=bhabin)
    aspiration = fresh(aspiration)
    assert rules.can_act_on(bhabin, aspiration) is True
    assert Aspiration.objects.visible_to(bhabin).filter(pk=aspiration.pk).exists()
