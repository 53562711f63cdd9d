"""Open311 GeoReport v2: a conformance walk through the specification's examples (JSON and
XML), the round trip of a civic app's request, and what privacy lets out."""

from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from aspirations.enums import Kind, Privacy, Status
from aspirations.models import Aspiration, Category
from ngopi.api import services as api_services
from tests.aspirations.factories import make_aspiration

# The fields of a request in the specification's GET requests example, in its order.
SPEC_REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
SPEC_SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]


def xml_of(content: bytes):
    return ET.fromstring(content)  # noqa: S314  (our own server's answer, in a test)


@pytest.fixture
def civic_key(db):
    _key, secret = api_services.issue_open311_key(application="Lapor Bekasi")
    return secret


@pytest.fixture
def located(world):
    """Pos Satkamling RW 18 at a known place (Pekayon Jaya, Bekasi)."""
    post = world.post_rw18
    post.latitude, post.longitude = Decimal("-6.261500"), Decimal("106.972200")
    post.save()
    return post


def parse(response, fmt):
    """The body as a list of dicts (JSON) or of {tag: text} (XML), plus the XML root tag."""
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        return response.json(), None
    assert response["Content-Type"].startswith("text/xml")
    root = xml_of(response.content)
    return [{child.tag: child.text for child in item} for item in root], root.tag


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_services_list_the_active_categories_as_the_spec_shows(client, world, fmt):
    response = client.get(f"/open311/v2/services.{fmt}?jurisdiction_id=ngopi")
    assert response.status_code == 200
    rows, root = parse(response, fmt)
    assert root in (None, "services")
    codes = {row["service_code"] for row in rows}
    assert "tawuran" in codes
    assert codes == set(Category.objects.active().values_list("code", flat=True))
    assert list(rows[0]) == SPEC_SERVICE_FIELDS
    assert str(rows[0]["metadata"]).lower() == "false"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_service_definition_names_the_service(client, world, fmt):
    response = client.get(f"/open311/v2/services/tawuran.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        assert response.json() == {"service_code": "tawuran", "attributes": []}
    else:
        root = xml_of(response.content)
        assert root.tag == "service_definition"
        assert root.findtext("service_code") == "tawuran"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_round_trip_post_by_lat_long_then_status_by_code(client, world, located, civic_key, fmt):
    """The specification's POST example (with our service and place): the contact fields are
    accepted and not kept; the answer is the tracking code; GET tells its status."""
    response = client.post(
        f"/open311/v2/requests.{fmt}",
        {
            "jurisdiction_id": "ngopi",
            "api_key": civic_key,
            "service_code": "tawuran",
            "lat": "-6.2620",
            "long": "106.9725",
            "address_string": "Lapangan voli RW 18",
            "email": "smit333@example.org",
            "device_id": "tt222111",
            "account_id": "123456",
            "first_name": "john",
            "last_name": "smith",
            "phone": "111111111",
            "description": "Remaja berkumpul membawa senjata tajam tiap malam.",
            "media_url": "http://example.org/photo.jpg",
            "attribute[WHISPAWN]": "123456",
        },
    )
    assert response.status_code == 200, response.content
    rows, root = parse(response, fmt)
    assert root in (None, "service_requests")
    assert list(rows[0]) == ["service_request_id", "service_notice", "account_id"]
    code = rows[0]["service_request_id"]
    aspiration = Aspiration.objects.get(code=code)
    assert aspiration.rw == world.rw18
    assert aspiration.privacy == Privacy.ANONYMOUS and aspiration.reporter_identity == ""
    assert aspiration.location_detail == "Lapangan voli RW 18"

    status = client.get(f"/open311/v2/requests/{code}.{fmt}")
    assert status.status_code == 200
    rows, _root = parse(status, fmt)
    # Anonymous: nothing beyond the status.
    assert rows == [{"service_request_id": code, "status": "open"}]

    token = client.get(f"/open311/v2/tokens/{code}.{fmt}")
    rows, _root = parse(token, fmt)
    assert rows == [{"service_request_id": code, "token": code}]


def test_post_by_address_id_routes_to_that_rw(client, world, civic_key):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": civic_key,
            "service_code": "tawuran",
            "address_id": world.rw03.pk,
            "description": "Balap liar setiap malam minggu di jalan raya.",
        },
    )
    assert response.status_code == 200
    aspiration = Aspiration.objects.get(code=response.json()[0]["service_request_id"])
    assert aspiration.rw == world.rw03 and aspiration.unit == world.polsek_timur


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_without_a_valid_key_gets_the_spec_error(client, world, fmt):
    response = client.post(
        f"/open311/v2/requests.{fmt}",
        {
            "api_key": "o311_wrong",
            "service_code": "tawuran",
            "address_id": world.rw18.pk,
            "description": "x" * 20,
        },
    )
    assert response.status_code == 403
    if fmt == "json":
        body = response.json()
        assert body[0]["code"] == 403 and "api_key" in body[0]["description"]
    else:
        root = xml_of(response.content)
        assert root.tag == "errors"
        assert root.find("error/code").text == "403"
    assert not Aspiration.objects.exists()


def test_revoked_key_is_refused_at_once(client, world, db):
    key, secret = api_services.issue_open311_key(application="Old app")
    api_services.revoke_open311_key(pk=key.pk)
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": secret, "service_code": "tawuran", "address_id": world.rw18.pk, "description": "x" * 20},
    )
    assert response.status_code == 403


def test_post_far_from_every_post_says_so_in_indonesian(client, world, located, civic_key):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": civic_key,
            "service_code": "tawuran",
            "lat": "-7.5",
            "long": "110.4",
            "description": "Ada keributan di depan pasar setiap malam.",
        },
    )
    assert response.status_code == 400
    assert "1000 m" in response.json()[0]["description"]
    assert not Aspiration.objects.exists()


def test_post_with_the_forms_rules_broken_lists_each_problem(client, world, civic_key):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": civic_key,
            "service_code": "tawuran",
            "address_id": world.rw18.pk,
            "description": "pendek",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("description:")


def test_post_is_rate_limited_per_key(client, world, civic_key, settings):
    settings.NGOPI_OPEN311_POSTS_PER_HOUR = 2
    data = {
        "api_key": civic_key,
        "service_code": "tawuran",
        "address_id": world.rw18.pk,
        "description": "Remaja berkumpul membawa senjata tajam.",
    }
    assert [client.post("/open311/v2/requests.json", data).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_requests_list_public_complaints_in_full_and_never_tips_or_private_ones(client, world, fmt):
    public = make_aspiration(
        rw=world.rw18,
        privacy=Privacy.PUBLIC,
        name="Budi",
        phone="0812",
        consent=True,
        description="Lampu jalan padam, rawan jambret di gang.",
    )
    tip = make_aspiration(rw=world.rw18, kind=Kind.TIP, privacy=Privacy.PUBLIC, name="Ani", consent=True)
    anonymous = make_aspiration(rw=world.rw18)
    confidential = make_aspiration(rw=world.rw18, privacy=Privacy.CONFIDENTIAL, name="Citra", consent=True)
    response = client.get(f"/open311/v2/requests.{fmt}?status=open")
    rows, root = parse(response, fmt)
    assert root in (None, "service_requests")
    assert [row["service_request_id"] for row in rows] == [public.code]
    assert list(rows[0]) == SPEC_REQUEST_FIELDS
    assert rows[0]["description"] == "Lampu jalan padam, rawan jambret di gang."
    assert str(rows[0]["address_id"]) == str(world.rw18.pk)
    body = response.content.decode()
    assert "Budi" not in body and "0812" not in body
    for hidden in (tip, anonymous, confidential):
        assert hidden.code not in body
        one, _root = parse(client.get(f"/open311/v2/requests/{hidden.code}.{fmt}"), fmt)
        assert one == [{"service_request_id": hidden.code, "status": "open"}]


def test_requests_filter_by_service_code_dates_and_status(client, world):
    item = make_aspiration(rw=world.rw18, privacy=Privacy.PUBLIC, name="Budi", consent=True)

    def codes(query):
        return [r["service_request_id"] for r in client.get(f"/open311/v2/requests.json?{query}").json()]

    assert codes("service_code=tawuran") == [item.code]
    assert codes("service_code=narkoba") == []
    assert codes("status=closed") == []
    today = timezone.localdate()
    assert codes(f"start_date={today.isoformat()}T00:00:00%2B07:00") == [item.code]
    assert codes("end_date=2000-01-01T00:00:00Z") == []
    Aspiration.objects.filter(pk=item.pk).update(status=Status.CLOSED)
    assert codes("status=closed") == [item.code]
    bad = client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400 and "start_date" in bad.json()[0]["description"]


def test_requests_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    for _ in range(3):
        make_aspiration(rw=world.rw18, privacy=Privacy.PUBLIC, name="Budi", consent=True)
    with django_assert_max_num_queries(2) as few:
        client.get("/open311/v2/requests.json")
    for _ in range(5):
        make_aspiration(rw=world.rw19, privacy=Privacy.PUBLIC, name="Budi", consent=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/open311/v2/requests.json").json()) == 8


def test_unknown_request_and_jurisdiction_are_404(client, world, settings):
    assert client.get("/open311/v2/requests/NK-AAAA-AAAA-AAAA-AAAA.json").status_code == 404
    settings.NGOPI_OPEN311_JURISDICTION = "polda-metro-jaya"
    response = client.get("/open311/v2/services.xml?jurisdiction_id=city.gov")
    assert response.status_code == 404
    assert xml_of(response.content).tag == "errors"
    assert client.get("/open311/v2/services.xml?jurisdiction_id=polda-metro-jaya").status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_names_the_endpoint_and_formats(client, db, fmt):
    response = client.get(f"/open311/v2/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        body = response.json()
        assert body["endpoints"][0]["url"].endswith("/open311/v2/")
        assert "text/xml" in body["endpoints"][0]["formats"]
    else:
        assert xml_of(response.content).tag == "discovery"
