"""seed_demo gives a demo civic app an Open311 key and prints it (DEBUG only)."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from ngopi.api.models import Open311Key


@override_settings(DEBUG=True)
def test_seed_demo_prints_a_working_open311_key_once_made(db, client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert Open311Key.objects.count() == 1
    key = out.getvalue().strip().splitlines()[-1].split()[-1]
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "tawuran",
            "address_id": 0,
            "description": "Remaja berkumpul membawa senjata tajam.",
        },
    )
    assert response.status_code == 400  # the key is accepted; the RW is not
    assert "api_key" not in response.json()[0]["description"]


def test_seed_demo_forced_without_debug_prints_no_key(db):
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert "o311_" not in out.getvalue()
    assert Open311Key.objects.count() == 1
