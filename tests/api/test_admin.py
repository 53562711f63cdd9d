"""Administrators issue Open311 keys in the admin: shown once, stored hashed, revocable."""

import hashlib
import re

from ngopi.api.models import Open311Key


def test_admin_issues_a_key_shown_once_that_works(login, administrator, client, world):
    admin = login(administrator)
    response = admin.post(
        "/admin/api/open311key/add/",
        {"application": "Lapor Bekasi", "contact": "it@bekasi.example"},
        follow=True,
    )
    assert response.status_code == 200
    key = Open311Key.objects.get(application="Lapor Bekasi")
    secret = re.search(r"(o311_[A-Za-z0-9_-]+)", response.content.decode()).group(1)
    assert key.digest == hashlib.sha256(secret.encode()).hexdigest() and key.issued_by == administrator
    assert secret not in admin.get(f"/admin/api/open311key/{key.pk}/change/").content.decode()
    assert client.post("/open311/v2/requests.json", {"api_key": secret}).status_code == 400  # key accepted
    admin.post(
        "/admin/api/open311key/",
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert client.post("/open311/v2/requests.json", {"api_key": secret}).status_code == 403


def test_dashboard_figures_agree_with_the_page(api, login, world, kapolres, binmas):
    from tests.aspirations.factories import make_aspiration

    for rw in (world.rw18, world.rw03, world.rw01):
        make_aspiration(rw=rw)
    figures = api(kapolres).get("/api/v1/dashboard/").json()
    page = login(kapolres).get("/dasbor/")
    assert figures["aspirations"]["total"]["value"] == page.context["aspirations"]["total"].value == 2
