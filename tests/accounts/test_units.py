import pytest
from django.db import IntegrityError, transaction

from ngopi.accounts import services
from ngopi.accounts.enums import UnitKind
from ngopi.accounts.models import PoliceUnit


def test_moving_a_polsek_moves_what_is_below_it(world):
    services.save_unit(
        unit=PoliceUnit(
            pk=world.polsek_timur.pk,
            name="Polsek Bekasi Timur",
            code="polsek-bks-tim",
            kind=UnitKind.POLSEK,
            parent=world.polres_depok,
        )
    )
    depok_subtree = PoliceUnit.objects.subtree_of(PoliceUnit.objects.get(pk=world.polres_depok.pk))
    assert {u.name for u in depok_subtree} == {"Polres Metro Depok", "Polsek Beji", "Polsek Bekasi Timur"}
    bekasi = PoliceUnit.objects.subtree_of(PoliceUnit.objects.get(pk=world.polres.pk))
    assert {u.name for u in bekasi} == {"Polres Metro Bekasi Kota", "Polsek Bekasi Selatan"}


def test_moving_a_polres_carries_its_polseks(world):
    other_polda = services.create_unit(name="Polda Jabar", code="polda-jabar", kind=UnitKind.POLDA)
    polres = PoliceUnit.objects.get(pk=world.polres.pk)
    polres.parent = other_polda
    services.save_unit(unit=polres)
    assert {u.name for u in PoliceUnit.objects.subtree_of(other_polda)} == {
        "Polda Jabar",
        "Polres Metro Bekasi Kota",
        "Polsek Bekasi Selatan",
        "Polsek Bekasi Timur",
    }
    polsek = PoliceUnit.objects.get(pk=world.polsek.pk)
    assert polsek.depth == 2
    assert polsek.path.startswith(other_polda.path)


def test_unit_cannot_go_under_wrong_kind(world):
    with pytest.raises(services.UnitTreeError):
        services.create_unit(name="Polsek X", code="polsek-x", kind=UnitKind.POLSEK, parent=world.polda)
    with pytest.raises(services.UnitTreeError):
        services.create_unit(name="Polda X", code="polda-x", kind=UnitKind.POLDA, parent=world.polda)


def test_database_refuses_a_root_polsek(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PoliceUnit.objects.create(name="Loose", code="loose", kind=UnitKind.POLSEK, path="/abc/", depth=0)
