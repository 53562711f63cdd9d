from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngopi.notifications.models import Notification
from ngopi.notifications.services import Message, notify


def send(user, n=1, url="/staf/kegiatan/"):
    notify(
        [
            Message(
                recipient=user,
                kind="session.reminder",
                key=f"test:{user.pk}:{i}:{url}",
                url=url,
                render=lambda i=i: (f"Pengingat {i}", "Isi <b>pesan</b>"),
            )
            for i in range(n)
        ]
    )


def test_bell_shows_unread_count_and_opening_marks_read(client, bhabin):
    send(bhabin, 3)
    client.force_login(bhabin)
    body = client.get("/notifikasi/").content.decode()
    assert 'data-testid="unread-count">3<' in body
    assert "Isi &lt;b&gt;pesan&lt;/b&gt;" in body
    first = Notification.objects.filter(recipient=bhabin).first()
    response = client.get(f"/notifikasi/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == "/staf/kegiatan/"
    assert 'data-testid="unread-count">2<' in client.get("/notifikasi/").content.decode()
    client.post("/notifikasi/baca-semua/")
    assert "unread-count" not in client.get("/notifikasi/").content.decode()


def test_notification_of_another_user_is_404(client, bhabin, kapolsek):
    send(kapolsek)
    client.force_login(bhabin)
    other = Notification.objects.get(recipient=kapolsek)
    assert client.get(f"/notifikasi/{other.pk}/").status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_notify_is_idempotent_per_recipient_and_key(bhabin):
    send(bhabin, 2)
    send(bhabin, 2)
    assert Notification.objects.filter(recipient=bhabin).count() == 2


def test_inbox_query_count_does_not_grow(client, bhabin):
    send(bhabin, 2)
    client.force_login(bhabin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/notifikasi/")
        return len(ctx)

    few = count()
    send(bhabin, 25, url="/x/")
    assert count() == few


def test_external_links_are_not_followed(client, bhabin):
    send(bhabin, 1, url="https://evil.example/")
    client.force_login(bhabin)
    n = Notification.objects.get(recipient=bhabin)
    assert client.get(f"/notifikasi/{n.pk}/")["Location"] == "/notifikasi/"
