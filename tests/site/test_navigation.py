"""The navigation bar (``ngopi.site.context_processors.navigation``): which entries each visitor
sees, that each one opens, and which one is marked as the current page."""

import re

import pytest

NAV_LINK = re.compile(
    r'<a class="nav-link(?P<active> active)?"[^>]*href="(?P<url>[^"]+)">(?P<label>[^<]+)</a>'
)


def navigation(response) -> list[tuple[str, str, bool]]:
    """(label, url, current) of each entry of the main navigation bar (not of a page's own tabs)."""
    bar = response.content.decode().split('id="nav-main"', 1)[1].split("</ul>", 1)[0]
    return [(m["label"].strip(), m["url"], bool(m["active"])) for m in NAV_LINK.finditer(bar)]


def test_navigation_of_a_visitor_leads_to_the_public_pages(client, world):
    entries = navigation(client.get("/"))
    assert [(url, active) for _label, url, active in entries] == [
        ("/", True),
        ("/aspirasi/kirim/", False),
        ("/aspirasi/lacak/", False),
        ("/kegiatan/", False),
    ]
    assert [label for label, _url, _active in entries] == [
        "Beranda",
        "Kirim aspirasi",
        "Lacak",
        "Kegiatan di sekitar Anda",
    ]
    for _label, url, _active in entries:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("persona", "urls"),
    [
        ("bhabin", ["/staf/", "/staf/aspirasi/", "/staf/kegiatan/", "/staf/operasi/"]),
        ("kapolsek", ["/staf/", "/staf/aspirasi/", "/staf/kegiatan/", "/staf/operasi/", "/dasbor/"]),
        (
            "administrator",
            ["/staf/", "/staf/aspirasi/", "/staf/kegiatan/", "/staf/operasi/", "/dasbor/", "/admin/"],
        ),
    ],
)
def test_navigation_of_an_officer_leads_to_the_staff_pages_that_open(request, login, persona, urls):
    client = login(request.getfixturevalue(persona))
    entries = navigation(client.get("/staf/"))
    assert [url for _label, url, _active in entries] == urls
    for _label, url, _active in entries:
        assert client.get(url).status_code == 200, url


def test_navigation_marks_the_section_of_the_current_page(login, bhabin):
    client = login(bhabin)
    entries = navigation(client.get("/staf/kegiatan/kalender/"))
    assert [(label, url) for label, url, active in entries if active] == [("Kegiatan", "/staf/kegiatan/")]
