"""Every admin add/change form turns a broken database constraint into a message on the form (200,
in Indonesian, nothing saved), never a 500 — the administrator's half of "Safe to run for real"
item 5 (the staff forms are in tests/events/test_constraint_errors.py).

Each form is posted as a browser would: the page is fetched, every field it renders is sent back
with its value (inline management forms included), and only the fields of the case are changed.
"""

import html
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from aspirations.models import Category, OutcomeCode
from events import services as event_services
from events.models import CalendarFeed, Operation, Session, SessionBatch, SessionKind
from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Area, Post
from ngopi.dashboard.models import EarlyWarningRule
from ngopi.notifications.models import EmailPreference, Notification
from tests.factories import UserFactory


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the form with the given id."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.select, self.textarea = form_id, False, None, None
        self.data: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "button", "file", "image", "reset"):
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value") or "on")
            else:
                self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            values = self.data[self.textarea]
            values[-1] = (values[-1] + data).removeprefix("\n")  # browsers drop the first newline


def submit(client, url, form_id, changes):
    """GET the admin page, then POST its form back with ``changes`` applied."""
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormFields(form_id)
    parser.feed(page.content.decode())
    data = {**parser.data, **{k: "" if v is None else str(v) for k, v in changes.items()}}
    return client.post(url, data)


def form_errors(response) -> list[str]:
    """The texts of the error lists on the page, unescaped."""
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return [html.unescape(item) for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def things(world, bhabin, administrator):
    """What the cases refer to: the world, an officer with an NRP, rows that already exist."""
    User.objects.filter(pk=bhabin.pk).update(nrp="74050123")
    other = UserFactory(username="bhabin-lama", unit=world.polsek, first_name="Budi", last_name="Santoso")
    EmailPreference.objects.create(user=bhabin, kind="session_reminder", email=False)
    CalendarFeed.objects.create(user=bhabin)
    event_services.create_operation(
        actor=administrator,
        name="Operasi Mantap Praja",
        unit=world.polres,
        starts_on="2030-01-01",
        ends_on="2030-01-31",
    )
    Group.objects.get_or_create(name="Piket")
    return SimpleNamespace(
        w=world,
        bhabin=bhabin,
        other=other,
        admin=administrator,
        kind=SessionKind.objects.get(name="Ngopi Kamtibmas"),
    )


PASSWORD = {"password1": "Kopi-hangat-RW18!", "password2": "Kopi-hangat-RW18!"}


def _at(field, day, hour):
    return {f"{field}_0": day, f"{field}_1": hour}


# (id, model, url, form id, changes(things), the message the administrator reads)
ADD_CASES = [
    (
        "session-kind-name",
        SessionKind,
        "/admin/events/sessionkind/add/",
        lambda t: {"name": "Ngopi Kamtibmas"},
        "Jenis kegiatan dengan Nama telah ada.",
    ),
    (
        "category-name",
        Category,
        "/admin/aspirations/category/add/",
        lambda t: {"name": "Tawuran", "code": "tawuran-pelajar"},
        "Kategori dengan Nama telah ada.",
    ),
    (
        "category-code",
        Category,
        "/admin/aspirations/category/add/",
        lambda t: {"name": "Tawuran pelajar", "code": "tawuran"},
        "Kategori dengan Kode telah ada.",
    ),
    (
        "outcome-name",
        OutcomeCode,
        "/admin/aspirations/outcomecode/add/",
        lambda t: {"name": "Penegakan hukum", "code": "penegakan"},
        "Kode hasil dengan Nama telah ada.",
    ),
    (
        "outcome-code",
        OutcomeCode,
        "/admin/aspirations/outcomecode/add/",
        lambda t: {"name": "Mediasi warga", "code": "mediation"},
        "Kode hasil dengan Kode telah ada.",
    ),
    (
        "area-name-in-parent",  # area_unique_name_in_parent
        Area,
        "/admin/areas/area/add/",
        lambda t: {"name": "RW 18", "level": "rw", "parent": t.w.pekayon.pk},
        "Wilayah induk ini sudah punya wilayah dengan nama tersebut.",
    ),
    (
        "area-code",
        Area,
        "/admin/areas/area/add/",
        lambda t: {"name": "Kota Bekasi Baru", "level": "city", "code": "32.75", "parent": t.w.province.pk},
        "Wilayah dengan Kode resmi telah ada.",
    ),
    (
        "area-polsek-not-on-a-village",  # area_only_village_has_polsek
        Area,
        "/admin/areas/area/add/",
        lambda t: {"name": "Rawalumbu", "level": "district", "parent": t.w.city.pk, "polsek": t.w.polsek.pk},
        "Hanya kelurahan/desa yang dapat dibawahi oleh Polsek.",
    ),
    (
        "area-province-under-a-parent",  # area_only_province_is_root
        Area,
        "/admin/areas/area/add/",
        lambda t: {"name": "Banten", "level": "province", "parent": t.w.province.pk},
        "Provinsi adalah wilayah tingkat teratas dan tidak memiliki induk.",
    ),
    (
        "area-city-without-parent",  # area_only_province_is_root
        Area,
        "/admin/areas/area/add/",
        lambda t: {"name": "Kota Tangerang", "level": "city", "parent": ""},
        "Kota/Kabupaten harus ditempatkan di bawah Provinsi.",
    ),
    (
        "post-name-in-rw",  # post_unique_name_in_rw
        Post,
        "/admin/areas/post/add/",
        lambda t: {"name": "Pos Satkamling Sekretariat RW 18", "rw": t.w.rw18.pk},
        "RW ini sudah punya pos dengan nama tersebut.",
    ),
    (
        "post-latitude-without-longitude",  # post_coordinates_valid_pair
        Post,
        "/admin/areas/post/add/",
        lambda t: {"name": "Pos Kamling Blok C", "rw": t.w.rw18.pk, "latitude": "-6.2551", "longitude": ""},
        "Isi garis lintang dan garis bujur bersama-sama: garis lintang antara -90 dan 90, garis bujur antara "
        "-180 dan 180.",
    ),
    (
        "post-latitude-off-the-globe",  # post_coordinates_valid_pair
        Post,
        "/admin/areas/post/add/",
        lambda t: {"name": "Pos Kamling Blok C", "rw": t.w.rw18.pk, "latitude": "100", "longitude": "106.97"},
        "Isi garis lintang dan garis bujur bersama-sama: garis lintang antara -90 dan 90, garis bujur antara "
        "-180 dan 180.",
    ),
    (
        "unit-code",
        PoliceUnit,
        "/admin/accounts/policeunit/add/",
        lambda t: {
            "name": "Polsek Beji Baru",
            "code": "polsek-beji",
            "kind": "polsek",
            "parent": t.w.polres_depok.pk,
        },
        "Satuan kepolisian dengan Kode telah ada.",
    ),
    (
        "unit-polsek-under-polda",
        PoliceUnit,
        "/admin/accounts/policeunit/add/",
        lambda t: {
            "name": "Polsek Cimanggis",
            "code": "polsek-cmg",
            "kind": "polsek",
            "parent": t.w.polda.pk,
        },
        "Polres berada di bawah Polda, dan Polsek berada di bawah Polres.",
    ),
    (
        "unit-polda-under-a-parent",  # policeunit_only_polda_is_root
        PoliceUnit,
        "/admin/accounts/policeunit/add/",
        lambda t: {"name": "Polda Banten", "code": "polda-banten", "kind": "polda", "parent": t.w.polda.pk},
        "Polda adalah satuan tingkat teratas dan tidak memiliki satuan induk.",
    ),
    (
        "unit-polres-without-parent",  # policeunit_only_polda_is_root
        PoliceUnit,
        "/admin/accounts/policeunit/add/",
        lambda t: {"name": "Polres Metro Tangerang", "code": "polres-tng", "kind": "polres", "parent": ""},
        "Polres berada di bawah Polda, dan Polsek berada di bawah Polres.",
    ),
    (
        "user-username",
        User,
        "/admin/accounts/user/add/",
        lambda t: {"username": "bhabin", "unit": t.w.polsek.pk, **PASSWORD},
        "Seorang pengguna dengan nama pengguna tersebut sudah ada.",
    ),
    (
        "user-nrp",  # user_nrp_unique_when_set
        User,
        "/admin/accounts/user/add/",
        lambda t: {"username": "bhabin3", "unit": t.w.polsek.pk, "nrp": "74050123", **PASSWORD},
        "NRP ini sudah dipakai oleh pengguna lain.",
    ),
    (
        "user-officer-without-unit",  # user_officer_has_unit: was a 500
        User,
        "/admin/accounts/user/add/",
        lambda t: {"username": "bhabin3", "role": "bhabinkamtibmas", "unit": "", **PASSWORD},
        "Petugas harus terdaftar pada satuan; hanya administrator yang boleh tanpa satuan.",
    ),
    (
        "email-preference-once",  # email_preference_once
        EmailPreference,
        "/admin/notifications/emailpreference/add/",
        lambda t: {"user": t.bhabin.pk, "kind": "session_reminder"},
        "Pengguna ini sudah punya preferensi e-mail untuk jenis notifikasi tersebut.",
    ),
    (
        "early-warning-threshold",  # earlywarning_threshold_positive (its validator speaks first)
        EarlyWarningRule,
        "/admin/dashboard/earlywarningrule/add/",
        lambda t: {"name": "Tawuran beruntun", "threshold": "0"},
        "Pastikan nilai ini lebih besar dari atau sama dengan 1.",
    ),
    (
        "early-warning-window",  # earlywarning_window_1_to_30 (likewise)
        EarlyWarningRule,
        "/admin/dashboard/earlywarningrule/add/",
        lambda t: {"name": "Tawuran beruntun", "window_days": "31"},
        "Pastikan nilai ini lebih kecil dari atau sama dengan 30.",
    ),
    (
        "operation-name-in-unit",
        Operation,
        "/admin/events/operation/add/",
        lambda t: {
            "name": "Operasi Mantap Praja",
            "unit": t.w.polres.pk,
            "starts_on": "2030-02-01",
            "ends_on": "2030-02-02",
        },
        "Satuan ini sudah punya operasi dengan nama tersebut.",
    ),
    (
        "operation-period",
        Operation,
        "/admin/events/operation/add/",
        lambda t: {
            "name": "Operasi Lilin",
            "unit": t.w.polres.pk,
            "starts_on": "2030-12-24",
            "ends_on": "2030-12-20",
        },
        "Operasi harus berakhir pada hari dimulainya atau sesudahnya.",
    ),
    (
        "batch-ends-before-start",  # batch_ends_after_start
        SessionBatch,
        "/admin/events/sessionbatch/add/",
        lambda t: {
            "title": "Ngopi Kamtibmas serentak",
            "unit": t.w.polres.pk,
            "created_by": t.admin.pk,
            **_at("starts_at", "2030-01-05", "19:30"),
            **_at("ends_at", "2030-01-05", "18:00"),
        },
        "Kegiatan serentak harus berakhir setelah dimulai.",
    ),
    (
        "batch-cancelled-without-reason",  # batch_reason_when_stopped
        SessionBatch,
        "/admin/events/sessionbatch/add/",
        lambda t: {
            "title": "Ngopi Kamtibmas serentak",
            "unit": t.w.polres.pk,
            "created_by": t.admin.pk,
            "status": "cancelled",
            "status_reason": "",
            **_at("starts_at", "2030-01-05", "19:30"),
            **_at("ends_at", "2030-01-05", "21:30"),
        },
        "Isi alasannya agar warga dan pimpinan mengetahui sebabnya.",
    ),
    (
        "session-ends-before-start",  # session_ends_after_start
        Session,
        "/admin/events/session/add/",
        lambda t: {
            "kind": t.kind.pk,
            "title": "Ngopi malam",
            "post": t.w.post_rw18.pk,
            "rw": t.w.rw18.pk,
            "unit": t.w.polsek.pk,
            "organiser": t.w.polres.pk,
            "created_by": t.admin.pk,
            **_at("starts_at", "2030-01-05", "19:30"),
            **_at("ends_at", "2030-01-05", "18:00"),
        },
        "Kegiatan harus berakhir setelah dimulai.",
    ),
    (
        "calendar-feed-per-user",
        CalendarFeed,
        "/admin/events/calendarfeed/add/",
        lambda t: {"user": t.bhabin.pk},
        "Umpan kalender dengan User telah ada.",
    ),
    (
        "group-name",
        Group,
        "/admin/auth/group/add/",
        lambda t: {"name": "Piket"},
        "Grup dengan Nama telah ada.",
    ),
]


@pytest.mark.parametrize(
    ("model", "url", "changes", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in ADD_CASES],
)
def test_admin_add_form_shows_the_broken_constraint(admin_client_, things, model, url, changes, message):
    before = model.objects.count()
    response = submit(admin_client_, url, f"{model._meta.model_name}_form", changes(things))
    assert response.status_code == 200
    assert form_errors(response) == [message]  # said once, in words; never "Batasan … dilanggar"
    assert model.objects.count() == before


# (id, model, the object, changes, message, the field that must keep its stored value)
CHANGE_CASES = [
    (
        "user-nrp",
        User,
        lambda t: t.other,
        {"nrp": "74050123"},
        "NRP ini sudah dipakai oleh pengguna lain.",
        "nrp",
    ),
    (
        "user-officer-loses-unit",
        User,
        lambda t: t.other,
        {"unit": ""},
        "Petugas harus terdaftar pada satuan; hanya administrator yang boleh tanpa satuan.",
        "unit_id",
    ),
    (
        "area-renamed-onto-a-sibling",
        Area,
        lambda t: t.w.rw19,
        {"name": "RW 18"},
        "Wilayah induk ini sudah punya wilayah dengan nama tersebut.",
        "name",
    ),
    (
        "area-village-moved-to-the-top",
        Area,
        lambda t: t.w.pekayon,
        {"parent": ""},
        "Kelurahan/Desa harus ditempatkan di bawah Kecamatan.",
        "parent_id",
    ),
    (
        "post-renamed-onto-a-sibling",
        Post,
        lambda t: Post.objects.create(name="Pos Kamling Blok C", rw=t.w.rw18),
        {"name": "Pos Satkamling Sekretariat RW 18"},
        "RW ini sudah punya pos dengan nama tersebut.",
        "name",
    ),
    (
        "unit-polsek-moved-to-the-top",
        PoliceUnit,
        lambda t: t.w.polsek_timur,
        {"parent": ""},
        "Polres berada di bawah Polda, dan Polsek berada di bawah Polres.",
        "parent_id",
    ),
]


@pytest.mark.parametrize(
    ("model", "target", "changes", "message", "kept"),
    [pytest.param(*case[1:], id=case[0]) for case in CHANGE_CASES],
)
def test_admin_change_form_shows_the_broken_constraint(
    admin_client_, things, model, target, changes, message, kept
):
    obj = target(things)
    stored = getattr(model.objects.get(pk=obj.pk), kept)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
    response = submit(admin_client_, url, f"{model._meta.model_name}_form", changes)
    assert response.status_code == 200
    assert form_errors(response) == [message]
    assert getattr(model.objects.get(pk=obj.pk), kept) == stored


def test_admin_rw_page_refuses_a_new_post_named_like_an_existing_one(admin_client_, things):
    url = f"/admin/areas/area/{things.w.rw18.pk}/change/"
    page = admin_client_.get(url)
    parser = _FormFields("area_form")
    parser.feed(page.content.decode())
    data = {
        **parser.data,
        "posts-TOTAL_FORMS": "2",
        "posts-1-name": "Pos Satkamling Sekretariat RW 18",
        "posts-1-kind": "pos_kamling",
        "posts-1-address": "Jl. Pekayon Raya",
        "posts-1-is_active": "on",
    }
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "RW ini sudah punya pos dengan nama tersebut." in form_errors(response)
    assert Post.objects.filter(rw=things.w.rw18).count() == 1


def test_admin_early_warning_list_refuses_a_zero_threshold(admin_client_, things):
    rule = EarlyWarningRule.objects.create(name="Tawuran beruntun", threshold=3, window_days=7)
    response = admin_client_.post(
        "/admin/dashboard/earlywarningrule/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": rule.pk,
            "form-0-threshold": "0",
            "form-0-window_days": "7",
            "form-0-is_active": "on",
            "_save": "Simpan",
        },
    )
    assert response.status_code == 200
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 1." in form_errors(response)
    rule.refresh_from_db()
    assert rule.threshold == 3


def test_admin_offers_no_add_page_for_notifications(admin_client_, things):
    """Notifications are written by the app, one per recipient and key; an empty add form used
    to be a 500 (no recipient)."""
    response = admin_client_.post("/admin/notifications/notification/add/", {})
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_saving_email_preferences_twice_keeps_one_row_per_kind(login, bhabin):
    client = login(bhabin)
    for _ in range(2):
        response = client.post("/notifikasi/pengaturan/", {}, follow=True)
        assert response.status_code == 200
        assert "Pengaturan notifikasi Anda telah disimpan." in response.content.decode()
    kinds = list(EmailPreference.objects.filter(user=bhabin).values_list("kind", flat=True))
    assert kinds and len(kinds) == len(set(kinds))


def test_two_factor_set_up_sent_twice_keeps_one_authenticator(client, bhabin, password):
    """The set-up writes devices, not constrained rows; a double tap on "confirm" must still end
    in words on the page and one authenticator, not a 500 or a second set of recovery codes."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.post("/accounts/login/", {"username": bhabin.username, "password": password})
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=bhabin, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    first = client.post("/accounts/2fa/setup/", {"token": code})
    assert "Kode pemulihan Anda" in first.content.decode()
    again = client.post("/accounts/2fa/setup/", {"token": code})
    assert again.status_code == 200
    assert "Kode itu tidak benar" in again.content.decode()
    assert TOTPDevice.objects.filter(user=bhabin, confirmed=True).count() == 1
    assert StaticDevice.objects.filter(user=bhabin).count() == 1
