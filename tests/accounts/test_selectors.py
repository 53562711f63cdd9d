"""Who commands a unit and which units stand above it (``ngopi.accounts.selectors``): the look-ups
behind escalations, report reminders and the daily digest."""

import pytest

from ngopi.accounts.enums import Role
from ngopi.accounts.selectors import ancestor, commanders, commanders_of, units_above
from tests.factories import UserFactory


def retired(user):
    """An account switched off in the admin (no service does it)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def test_commanders_of_gives_each_units_active_commanders_only(
    world, kapolsek, kapolres, dirbinmas, bhabin, binmas, django_assert_num_queries
):
    deputy = UserFactory(username="wakapolsek", role=Role.COMMANDER, unit=world.polsek)
    retired(UserFactory(username="mantan-kapolsek", role=Role.COMMANDER, unit=world.polsek))
    units = (world.polsek.pk, world.polres.pk, world.polsek_timur.pk)
    with django_assert_num_queries(1):
        found = commanders_of(iter(units))  # any iterable, read once
    assert {unit_id: sorted(u.username for u in users) for unit_id, users in found.items()} == {
        world.polsek.pk: sorted([kapolsek.username, deputy.username]),
        world.polres.pk: [kapolres.username],
    }
    assert world.polsek_timur.pk not in found  # no commander there: nobody to tell
    assert dirbinmas not in found.get(world.polsek.pk, [])  # commanders above are not "of" the unit
    assert commanders_of([]) == {}


def test_commanders_are_the_active_commanders_with_a_unit(
    world, kapolsek, kapolres_depok, bhabin, administrator
):
    retired(UserFactory(username="pensiun", role=Role.COMMANDER, unit=world.polres))
    assert sorted(u.username for u in commanders()) == ["kapolres-depok", "kapolsek"]


def test_units_above_holds_every_unit_up_to_the_polda(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        above = units_above([world.polsek, None, world.polsek_beji])
    assert {u.name for u in above.values()} == {
        "Polres Metro Bekasi Kota",
        "Polres Metro Depok",
        "Polda Metro Jaya",
    }
    assert above[world.polres.path] == world.polres
    with django_assert_num_queries(0):
        assert units_above([world.polda, None]) == {}  # nothing above the top


@pytest.mark.parametrize(
    ("levels", "expected"),
    [(0, "Polsek Bekasi Selatan"), (1, "Polres Metro Bekasi Kota"), (2, "Polda Metro Jaya"), (3, None)],
)
def test_ancestor_climbs_one_command_per_level(world, levels, expected):
    above = units_above([world.polsek])
    unit = ancestor(world.polsek, levels, above)
    assert (unit.name if unit else None) == expected


def test_ancestor_of_no_unit_or_beyond_the_table_is_none(world):
    assert ancestor(None, 1, units_above([world.polsek])) is None
    assert ancestor(world.polres, 1, {}) is None  # the Polda was not looked up
    assert ancestor(world.polda, 0, {}) == world.polda
