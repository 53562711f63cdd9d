"""The OpenAPI document is valid, and its browsable docs run under the strict CSP."""

import re

from openapi_spec_validator import validate


def test_schema_validates_against_openapi_3(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/aspirations/" in schema["paths"]
    assert {"token", "session"} <= set(schema["components"]["securitySchemes"])


def test_docs_page_needs_no_inline_script(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "Swagger UI is started by script files"
    assert all('src="' in attrs and not body.strip() for attrs, body in scripts)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handler
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
