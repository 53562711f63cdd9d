"""Every model that says where it lives on the site (``get_absolute_url``) points at a page that
opens, for a user allowed to see it and from the admin's "View on site" link.

The models are discovered, not listed: a new ``get_absolute_url`` without a maker here fails
``test_every_model_with_an_absolute_url_has_a_maker``.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import SessionKind
from tests.aspirations.factories import jpeg_with_gps, make_aspiration, make_session


def _label(model) -> str:
    return model._meta.label_lower


MODELS = sorted((m for m in apps.get_models() if hasattr(m, "get_absolute_url")), key=_label)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _unit(people):
    return people.world.polsek, people.kapolsek


def _operation(people):
    today = timezone.localdate()
    operation = event_services.create_operation(
        actor=people.binmas,
        name="Operasi Mantap Praja",
        unit=people.world.polres,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=30),
    )
    return operation, people.kapolres


def _batch(people):
    starts_at = timezone.now() + timedelta(days=7)
    batch, _plan = event_services.schedule_batch(
        actor=people.binmas,
        title="Ngopi Kamtibmas serentak",
        kind=SessionKind.objects.get(name="Ngopi Kamtibmas"),
        unit=people.world.polres,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    return batch, people.binmas


def _session(people):
    session = make_session(post=people.world.post_rw18, actor=people.binmas, lead=people.bhabin)
    return session, people.bhabin


def _calendar_feed(people):
    return event_services.renew_calendar_feed(user=people.bhabin), people.bhabin


def _aspiration(people):
    return make_aspiration(rw=people.world.rw18), people.bhabin


def _aspiration_photo(people):
    aspiration = make_aspiration(rw=people.world.rw18, photos=[jpeg_with_gps()])
    return aspiration.photos.get(), people.bhabin


def _himbauan(people):
    himbauan = event_services.create_himbauan(
        actor=people.binmas,
        title="Jaga persatuan",
        body="Jangan terprovokasi hoaks.",
        area=people.world.city,
        valid_from=timezone.localdate(),
    )
    return himbauan, people.kapolres


def _commitment(people):
    session = make_session(post=people.world.post_rw18, actor=people.binmas, lead=people.bhabin)
    commitment = event_services.record_commitment(
        actor=people.bhabin,
        session=session,
        text="Patroli malam Minggu",
        responsible=people.bhabin,
        due_date=timezone.localdate() + timedelta(days=7),
    )
    return commitment, people.kapolsek


# label → a function of the personas returning (an instance, a user allowed to see its page)
MAKERS = {
    "accounts.policeunit": _unit,
    "events.operation": _operation,
    "events.sessionbatch": _batch,
    "events.session": _session,
    "events.calendarfeed": _calendar_feed,
    "events.himbauan": _himbauan,
    "events.commitment": _commitment,
    "aspirations.aspiration": _aspiration,
    "aspirations.aspirationphoto": _aspiration_photo,
}


class People:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


@pytest.fixture
def people(world, bhabin, kapolsek, kapolres, binmas, administrator):
    return People(
        world=world, bhabin=bhabin, kapolsek=kapolsek, kapolres=kapolres, binmas=binmas, admin=administrator
    )


def test_every_model_with_an_absolute_url_has_a_maker():
    assert MODELS, "no model defines get_absolute_url: the discovery is broken"
    assert {_label(m) for m in MODELS} == set(MAKERS)


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_absolute_url_opens_for_a_user_allowed_to_see_it(client, people, model):
    instance, viewer = MAKERS[_label(model)](people)
    client.force_login(viewer)
    response = client.get(instance.get_absolute_url())
    assert response.status_code == 200


def test_police_unit_absolute_url_is_the_dashboard_of_that_unit(client, people):
    client.force_login(people.kapolres)
    response = client.get(people.world.polsek.get_absolute_url())
    assert response.status_code == 200
    assert f'<option value="{people.world.polsek.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize("model", [m for m in MODELS if admin.site.is_registered(m)], ids=_label)
def test_admin_view_on_site_opens_the_page(client, people, model):
    instance, _viewer = MAKERS[_label(model)](people)
    client.force_login(people.admin)
    opts = model._meta
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk]))
    assert change.status_code == 200
    view_on_site = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(model).pk, instance.pk]
    )
    assert f'href="{view_on_site}"' in change.content.decode()

    redirect = client.get(view_on_site)
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(instance.get_absolute_url())
    assert client.get(instance.get_absolute_url()).status_code == 200
