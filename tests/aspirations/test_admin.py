import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aspirations import services
from aspirations.models import Category

from .factories import make_aspiration

CHANGELISTS = [
    "/admin/aspirations/category/",
    "/admin/aspirations/outcomecode/",
    "/admin/aspirations/aspiration/",
    "/admin/aspirations/identityview/",
]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_admin_changelist_query_count_does_not_grow(login, world, bhabin, administrator, url):
    client = login(administrator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    make_aspiration(rw=world.rw18)
    before = count()
    for _ in range(10):
        aspiration = make_aspiration(rw=world.rw18, privacy="confidential", name="Rina", consent=True)
        services.record_identity_view(viewer=bhabin, aspiration=aspiration)
    assert count() == before


def test_admin_lists_seeded_categories_with_priority_and_police_flag(login, administrator):
    html = login(administrator).get("/admin/aspirations/category/").content.decode()
    assert "Tawuran" in html and "Bukan urusan polisi" in html
    assert not Category.objects.get(code="bukan-urusan-polisi").is_police_matter


def test_admin_aspiration_page_hides_reporter_identity(login, world, administrator):
    aspiration = make_aspiration(rw=world.rw18, privacy="confidential", name="Rahmat Hidayat", consent=True)
    response = login(administrator).get(f"/admin/aspirations/aspiration/{aspiration.pk}/change/")
    assert response.status_code == 200
    assert "Rahmat Hidayat" not in response.content.decode()
    assert aspiration.code in response.content.decode()
