import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area
from tests.factories import AreaFactory, UserFactory

CHANGELISTS = [
    "/admin/accounts/policeunit/",
    "/admin/accounts/user/",
    "/admin/areas/area/",
    "/admin/areas/post/",
]


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("url", CHANGELISTS)
def test_admin_changelist_query_count_does_not_grow(admin_client_, world, url):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client_.get(url).status_code == 200
        return len(ctx)

    before = count()
    for i in range(10):
        village = AreaFactory(
            name=f"Kel {i}", level=AreaLevel.VILLAGE, parent=world.district, polsek=world.polsek
        )
        rw = AreaFactory(name="RW 01", level=AreaLevel.RW, parent=village)
        from tests.factories import PostFactory

        PostFactory(name=f"Pos {i}", rw=rw)
        UserFactory(username=f"extra{i}", unit=world.polsek)
    assert count() == before


def test_admin_autocomplete_finds_a_polsek_by_name(admin_client_, world):
    response = admin_client_.get(
        "/admin/autocomplete/",
        {"term": "Beji", "app_label": "areas", "model_name": "area", "field_name": "polsek"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Polsek Beji"]


def test_admin_refuses_an_rw_directly_under_a_kecamatan(admin_client_, world):
    response = admin_client_.post(
        "/admin/areas/area/add/",
        {"name": "RW 99", "level": AreaLevel.RW, "code": "", "parent": world.district.pk, "polsek": ""},
    )
    assert response.status_code == 200
    assert "RW harus ditempatkan di bawah Kelurahan/Desa" in response.content.decode()
    assert not Area.objects.filter(name="RW 99").exists()


def test_admin_moving_a_polsek_moves_it_in_the_tree(admin_client_, world):
    response = admin_client_.post(
        f"/admin/accounts/policeunit/{world.polsek_timur.pk}/change/",
        {
            "name": "Polsek Bekasi Timur",
            "code": "polsek-bks-tim",
            "kind": "polsek",
            "parent": world.polres_depok.pk,
            "address": "",
            "phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    moved = PoliceUnit.objects.get(pk=world.polsek_timur.pk)
    assert moved.path.startswith(world.polres_depok.path)


def test_admin_role_change_moves_the_user_to_the_role_group(admin_client_, world, bhabin):
    data = {
        "username": "bhabin",
        "first_name": "Joko",
        "last_name": "Prasetyo",
        "email": "bhabin@polri.example",
        "role": "commander",
        "unit": world.polsek.pk,
        "rank": "Iptu",
        "nrp": "",
        "position": "Kapolsek",
        "phone": "",
        "language": "id",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }
    response = admin_client_.post(f"/admin/accounts/user/{bhabin.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(pk=bhabin.pk)
    assert user.role == "commander"
    assert list(user.groups.values_list("name", flat=True)) == ["commander"]
