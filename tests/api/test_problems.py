"""Errors are RFC 9457 problem details, in the caller's language."""

from aspirations.enums import Status
from tests.aspirations.factories import make_aspiration


def test_unauthenticated_is_a_problem_document(client, db):
    response = client.get("/api/v1/aspirations/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail", "instance"}
    assert body["status"] == 401 and body["instance"] == "/api/v1/aspirations/"


def test_invalid_filter_names_the_field_in_errors_in_english(api, bhabin):
    response = api(bhabin, HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/aspirations/?status=nonsense&date_from=x")
    assert response.status_code == 400
    body = response.json()
    assert body["type"].endswith("/invalid")
    assert set(body["errors"]) == {"status", "date_from"}
    assert response["Content-Language"] == "en"


def test_messages_are_indonesian_by_default(api, bhabin):
    response = api(bhabin).get("/api/v1/aspirations/?date_from=x")
    assert response["Content-Language"] == "id"
    english = api(bhabin, HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/aspirations/?date_from=x")
    assert response.json()["title"] != english.json()["title"]


def test_refused_action_is_409_with_the_workflows_message(api, bhabin, world):
    aspiration = make_aspiration(rw=world.rw18)
    aspiration.__class__.objects.filter(pk=aspiration.pk).update(status=Status.CLOSED)
    response = api(bhabin, HTTP_ACCEPT_LANGUAGE="en").post(
        f"/api/v1/aspirations/{aspiration.pk}/triage/",
        {"kind": "complaint", "category": aspiration.category_id, "priority": "high"},
        format="json",
    )
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]


def test_action_form_errors_are_listed_by_field(api, bhabin, world):
    aspiration = make_aspiration(rw=world.rw18)
    response = api(bhabin).post(f"/api/v1/aspirations/{aspiration.pk}/note/", {}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_rate_limit_per_token_is_429_with_retry_after(api, bhabin, settings):
    settings.NGOPI_API_RATE_PER_MINUTE = 2
    client = api(bhabin)
    codes = [client.get("/api/v1/categories/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.get("/api/v1/categories/")
    assert response.json()["status"] == 429 and int(response["Retry-After"]) > 0


def test_unknown_api_path_is_a_problem_not_the_html_page(client, db):
    response = client.get("/api/v1/tidak-ada/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not found"


def test_malformed_json_is_a_400_problem(api, bhabin, world):
    aspiration = make_aspiration(rw=world.rw18)
    response = api(bhabin).post(
        f"/api/v1/aspirations/{aspiration.pk}/note/", data="{nope", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("/invalid")
