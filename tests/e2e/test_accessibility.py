"""axe-core on every public and staff page, on a 360 px phone and a 1366 px desktop: no violation
of impact "serious" or "critical".

The demo world (seed_demo) is loaded once per persona; each persona gets one browser context per
viewport and walks its pages in it. axe-core is vendored in tests/e2e/vendor (see README there).
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from aspirations import rules as aspiration_rules
from aspirations.enums import Privacy
from aspirations.models import Aspiration
from events.enums import SessionStatus
from events.models import Operation, Session, SessionBatch
from ngopi.accounts.models import User

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VIEWPORTS = {
    "360px": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "1366px": {"viewport": {"width": 1366, "height": 768}},
}
PASSWORD = "kamtibmas-demo"
BLOCKING = ("serious", "critical")

# Runs axe in the page; returns the serious and critical violations, each with its first targets.
RUN_AXE = """async (blocking) => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations
        .filter((v) => blocking.includes(v.impact))
        .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
        }));
}"""


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Many tracking pages in a row from one address: not what the lookup limit is for.
    settings.ASPIRATION_LOOKUP_ADDRESS_LIMIT = 10_000
    call_command("seed_demo", "--force", verbosity=0)


def audit(browser, live_server, urls, *, username=None):
    """Visit every url at each viewport (signed in as ``username``); return the failures as lines."""
    failures = []
    for width, options in VIEWPORTS.items():
        # axe is injected as an inline script, which the app's strict CSP rightly refuses:
        # this context alone (the accessibility audit's) bypasses the CSP.
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=True, **options
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        if username:
            page.goto("/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for url in urls:
            page.goto(url)
            landed = urlsplit(page.url).path
            if landed != url:  # audit the page meant, not where a refusal sends the browser
                failures.append(f"{width} {url}: redirected to {landed}")
                continue
            page.add_script_tag(path=AXE)
            for violation in page.evaluate(RUN_AXE, list(BLOCKING)):
                failures.append(
                    f"{width} {url}: {violation['id']} ({violation['impact']}) {violation['help']}"
                    f" at {violation['targets']}"
                )
        context.close()
    return failures


def assert_accessible(failures):
    assert not failures, f"{len(failures)} serious or critical axe violations:\n" + "\n".join(failures)


def test_public_pages_have_no_serious_accessibility_violation(demo, browser, live_server):
    aspiration = Aspiration.objects.order_by("pk").first()
    session = Session.objects.filter(status=SessionStatus.PLANNED).order_by("starts_at").first()
    urls = [
        "/",
        reverse("aspirations:submit"),
        reverse("aspirations:receipt", args=[aspiration.code]),
        reverse("aspirations:lookup"),
        reverse("aspirations:track", args=[aspiration.code]),
        reverse("events:public_list"),
        reverse("events:public_detail", args=[session.pk]),
        reverse("wilayah:area", args=[session.rw_id]),  # the RW page
        reverse("wilayah:area", args=[session.rw.parent_id]),  # the kelurahan page
        "/tidak-ada-halaman-ini/",  # 404
        reverse("login"),
        reverse("password_reset"),
    ]
    assert_accessible(audit(browser, live_server, urls))


def test_bhabinkamtibmas_pages_have_no_serious_accessibility_violation(demo, browser, live_server):
    bhabin = User.objects.get(username="bhabin")
    aspiration = Aspiration.objects.visible_to(bhabin).order_by("pk").first()
    sessions = Session.objects.filter(officers=bhabin).order_by("starts_at")
    planned = sessions.filter(status=SessionStatus.PLANNED).first()  # its report form opens early
    reported = sessions.filter(status=SessionStatus.REPORTED).first()  # its report can be corrected
    urls = [
        reverse("site:staff_home"),
        reverse("aspirations:inbox"),
        reverse("aspirations:staff_detail", args=[aspiration.pk]),
        reverse("events:my_sessions"),
        reverse("events:staff_detail", args=[planned.pk]),
        reverse("events:session_report", args=[planned.pk]),
        reverse("events:staff_detail", args=[reported.pk]),
        reverse("events:report_correct", args=[reported.pk]),
        reverse("aspirations:capture", args=[planned.pk]),  # recording residents at the session
        reverse("site:jurisdiction"),
        reverse("notifications:inbox"),
        reverse("notifications:preferences"),
        reverse("two_factor"),
        reverse("two_factor_setup"),
        reverse("password_change"),
        reverse("api:tokens"),
        reverse("dashboard:index"),  # refused: the app's 403 page
    ]
    assert_accessible(audit(browser, live_server, urls, username="bhabin"))


def test_binmas_pages_have_no_serious_accessibility_violation(demo, browser, live_server):
    binmas = User.objects.get(username="binmas")
    session = (
        Session.objects.visible_to(binmas).filter(status=SessionStatus.PLANNED).order_by("starts_at").first()
    )
    urls = [
        reverse("site:staff_home"),
        reverse("events:staff_list"),
        reverse("events:staff_calendar"),
        reverse("events:session_create"),
        reverse("events:staff_detail", args=[session.pk]),
        reverse("events:session_edit", args=[session.pk]),
        reverse("events:batch_create"),
        reverse("events:operation_list"),
        reverse("events:operation_create"),
    ]
    batch = SessionBatch.objects.order_by("pk").first()
    if batch is not None:
        urls.append(reverse("events:batch_detail", args=[batch.pk]))
    operation = Operation.objects.order_by("pk").first()
    if operation is not None:
        urls.append(reverse("events:operation_detail", args=[operation.pk]))
    assert_accessible(audit(browser, live_server, urls, username="binmas"))


def test_commander_pages_have_no_serious_accessibility_violation(demo, browser, live_server):
    kapolres = User.objects.get(username="kapolres")
    visible = Aspiration.objects.visible_to(kapolres).order_by("pk")
    confidential = next(
        (
            a
            for a in visible.filter(privacy=Privacy.CONFIDENTIAL)
            if aspiration_rules.can_see_identity(kapolres, a)
        ),
        None,
    )
    urls = [
        reverse("site:staff_home"),
        reverse("dashboard:index"),
        reverse("aspirations:inbox"),
        reverse("aspirations:staff_detail", args=[visible.first().pk]),
        reverse("events:staff_list"),
        reverse("notifications:inbox"),
    ]
    if confidential is not None:
        urls.append(reverse("aspirations:identity", args=[confidential.pk]))
    assert_accessible(audit(browser, live_server, urls, username="kapolres"))
