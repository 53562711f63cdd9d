"""At first run (seed_demo) the RW 18 page has real content in every part."""

from django.core.management import call_command

from ngopi.areas.models import Area


def test_demo_rw_18_page_has_content_everywhere(client, reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)
    rw18 = Area.objects.get(name="RW 18", parent__name="Pekayon Jaya")
    body = client.get(f"/wilayah/{rw18.pk}/").content.decode()
    for part in ("himbauan", "upcoming", "past-session", "heard-row", "commitment", "outcome", "map"):
        assert f'data-testid="{part}"' in body, part
    assert "Ditepati" in body and "Masih berjalan" in body
    village = client.get(f"/wilayah/{rw18.parent_id}/").content.decode()
    assert f"/wilayah/{rw18.pk}/" in village
