from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngopi.areas.enums import AreaLevel
from tests.factories import AreaFactory, PostFactory


def test_staff_home_shows_only_the_bhabins_villages(client, bhabin, other_bhabin):
    client.force_login(bhabin)
    body = client.get("/staf/wilayah/").content.decode()
    assert "Pekayon Jaya" in body
    assert "Margahayu" not in body


def test_staff_home_shows_kapolres_all_his_polseks(client, kapolres, bhabin):
    client.force_login(kapolres)
    body = client.get("/staf/wilayah/").content.decode()
    for name in ("Pekayon Jaya", "Margahayu", "Polsek Bekasi Selatan", "Polsek Bekasi Timur"):
        assert name in body
    assert "Beji" not in body


def test_staff_home_query_count_does_not_grow_with_the_jurisdiction(client, world, kapolres, bhabin):
    client.force_login(kapolres)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staf/wilayah/").status_code == 200
        return len(ctx)

    before = queries()
    for i in range(15):
        village = AreaFactory(
            name=f"Kelurahan {i}", level=AreaLevel.VILLAGE, parent=world.district, polsek=world.polsek
        )
        rw = AreaFactory(name="RW 01", level=AreaLevel.RW, parent=village)
        PostFactory(name=f"Pos {i}", rw=rw)
    assert queries() == before
