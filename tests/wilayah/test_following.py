"""Following an RW by e-mail: double opt-in, one-click unsubscribe, the announcement two days
before a session and the summary once its report is filed (clock moved with time_machine)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from events import services as event_services
from ngopi.wilayah import services
from ngopi.wilayah.models import Follower, FollowerMail
from ngopi.wilayah.ratelimit import PER_EMAIL

pytestmark = pytest.mark.django_db

ADDRESS = "Warga.RW18@example.org"


def follow(client, rw, email=ADDRESS):
    return client.post(reverse("wilayah:follow", args=[rw.pk]), {"email": email})


def link(message, name):
    return re.search(rf"(http://\S+/wilayah/{name}/\S+/)", message.body).group(1)


def confirmed_follower(client, rw, email=ADDRESS):
    follow(client, rw, email)
    services.sweep_followers()
    path = link(mail.outbox[-1], "ikuti").split("127.0.0.1:8000")[1]
    client.post(path)
    mail.outbox.clear()
    return Follower.objects.filter(rw=rw).latest("pk")


def test_follow_sends_a_confirmation_and_stores_no_clear_address(client, world):
    response = follow(client, world.rw18)
    assert response.status_code == 200
    assert "Periksa e-mail Anda" in response.content.decode()
    services.sweep_followers()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["warga.rw18@example.org"]
    assert "/wilayah/ikuti/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/wilayah/berhenti/" in message.extra_headers["List-Unsubscribe"]
    assert "<img" not in message.body and not getattr(message, "alternatives", None)  # plain text only
    follower = Follower.objects.get()
    row = " ".join(str(v) for v in Follower.objects.values().get().values())
    assert "example.org" not in row.lower()
    assert follower.confirmed_at is None
    services.sweep_followers()  # the confirmation is sent once
    assert len(mail.outbox) == 1


def test_confirm_link_shows_a_button_and_confirms_on_post(client, world):
    follow(client, world.rw18)
    services.sweep_followers()
    path = link(mail.outbox[0], "ikuti").split("127.0.0.1:8000")[1]
    page = client.get(path)
    assert page.status_code == 200 and 'data-testid="confirm-follow"' in page.content.decode()
    assert Follower.objects.get().confirmed_at is None
    done = client.post(path)
    assert "Anda mengikuti RW 18, Pekayon Jaya" in done.content.decode()
    assert Follower.objects.get().confirmed_at is not None
    confirmed_at = Follower.objects.get().confirmed_at
    # The link opened again says so, without asking again (nor changing anything).
    again = client.get(path).content.decode()
    assert "Anda mengikuti RW 18, Pekayon Jaya" in again and 'data-testid="confirm-follow"' not in again
    assert Follower.objects.get().confirmed_at == confirmed_at


def test_confirm_link_tampered_is_refused(client, world):
    response = client.get(reverse("wilayah:confirm", args=["not-a-token"]))
    assert response.status_code == 404
    assert "tidak berlaku lagi" in response.content.decode()


def test_follow_twice_keeps_one_follower(client, world):
    follow(client, world.rw18)
    follow(client, world.rw18, email=" warga.rw18@EXAMPLE.org ")
    assert Follower.objects.count() == 1


def test_follow_bad_address_says_so(client, world):
    response = follow(client, world.rw18, email="bukan-alamat")
    assert response.status_code == 400
    assert "alamat email yang valid" in response.content.decode().lower()
    assert not Follower.objects.exists()


def test_follow_a_kelurahan_is_not_found(client, world):
    assert follow(client, world.pekayon).status_code == 404


def test_follow_rate_limited_per_address(client, world):
    for _ in range(PER_EMAIL):
        assert follow(client, world.rw18).status_code == 200
    response = follow(client, world.rw18)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_unsubscribe_one_click_post_without_cookie_deletes_the_follower(client, world):
    follower = confirmed_follower(client, world.rw18)
    services.request_follow(rw=world.rw18, email=ADDRESS)  # nothing new for a follower
    from ngopi.wilayah.mail import unsubscribe_url

    path = unsubscribe_url(follower).split("127.0.0.1:8000")[1]
    mail_program = Client(enforce_csrf_checks=True)
    assert mail_program.get(path).status_code == 200
    assert Follower.objects.exists()  # a GET (a link scanner) unsubscribes nobody
    response = mail_program.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follower.objects.exists()


def test_announcement_two_days_before_once(client, world, make_session):
    session = make_session()
    confirmed_follower(client, world.rw18)
    follow(client, world.rw18, email="belum@example.org")  # not confirmed: gets nothing
    with time_machine.travel(session.starts_at - timedelta(days=3)):
        services.sweep_followers()
        assert [m for m in mail.outbox if "Kegiatan berikutnya" in m.subject] == []
    with time_machine.travel(session.starts_at - timedelta(days=2) + timedelta(minutes=5)):
        services.sweep_followers()
        services.sweep_followers()
    announcements = [m for m in mail.outbox if "Kegiatan berikutnya" in m.subject]
    assert len(announcements) == 1
    assert announcements[0].to == ["warga.rw18@example.org"]
    assert session.get_public_url() in announcements[0].body
    assert "/wilayah/berhenti/" in announcements[0].body
    assert announcements[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert FollowerMail.objects.count() == 1


def test_followers_of_another_rw_get_no_announcement(client, world, make_session):
    session = make_session()
    confirmed_follower(client, world.rw19)
    with time_machine.travel(session.starts_at - timedelta(days=1)):
        services.sweep_followers()
    assert mail.outbox == []


def test_summary_after_the_report_is_filed(client, world, make_session, bhabin):
    session = make_session()
    confirmed_follower(client, world.rw18)
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        services.sweep_followers()
        assert [m for m in mail.outbox if "apa yang dibicarakan" in m.subject] == []
        event_services.file_report(
            actor=bhabin,
            session=session,
            residents_count=30,
            leaders_count=4,
            agencies_count=2,
            summary="Warga membahas keamanan lingkungan.",
        )
        services.sweep_followers()
        services.sweep_followers()
    summaries = [m for m in mail.outbox if "apa yang dibicarakan" in m.subject]
    assert len(summaries) == 1
    assert "36 orang hadir" in summaries[0].body
    # A resident who follows after the report was filed is not sent that old news.
    with time_machine.travel(session.ends_at + timedelta(hours=2)):
        confirmed_follower(client, world.rw18, email="baru@example.org")
    with time_machine.travel(session.ends_at + timedelta(hours=3)):
        services.sweep_followers()
    assert [m for m in mail.outbox if "apa yang dibicarakan" in m.subject] == []


def test_unconfirmed_requests_expire(client, world):
    follow(client, world.rw18)
    with time_machine.travel(timedelta(days=8)):
        services.sweep_followers()
    assert not Follower.objects.exists()
