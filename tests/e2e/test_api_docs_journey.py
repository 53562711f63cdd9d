"""The API reference (/api/docs/, vendored Swagger UI) runs under the strict CSP: the schema
loads, the operations are listed, a "try it out" call goes through, and nothing is refused."""

import pytest

pytestmark = pytest.mark.e2e


def test_api_docs_render_the_schema_without_csp_refusals(page, world):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto("/api/docs/")
    page.wait_for_load_state("networkidle")
    page.get_by_text("/api/v1/categories/").first.wait_for()
    assert page.locator(".opblock").count() > 10
    page.locator(".opblock-summary", has_text="/api/v1/categories/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table tbody .response-col_status").first.wait_for()
    assert "200" in page.locator(".live-responses-table tbody .response-col_status").first.inner_text()
    assert refused == []
