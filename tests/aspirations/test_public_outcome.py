"""What an officer lets residents read: the public summary of an outcome, and a tip's agenda text."""

from django.urls import reverse

from aspirations.enums import Kind
from aspirations.models import Aspiration

from .factories import make_aspiration


def _act(client, aspiration, action, data):
    data = {f"{action}-{name}": value for name, value in data.items()}
    return client.post(reverse("aspirations:act", args=[aspiration.pk, action]), data)


def _triage(client, aspiration, **extra):
    data = {"kind": aspiration.kind, "category": aspiration.category_id, "priority": "normal", **extra}
    return _act(client, aspiration, "triage", data)


def test_resolving_keeps_the_outcome_private_by_default(bhabin, aspiration, outcome, login):
    client = login(bhabin)
    _triage(client, aspiration)
    _act(client, aspiration, "resolve", {"outcome": outcome.pk, "resolution": "Patroli ditambah."})
    aspiration.refresh_from_db()
    assert aspiration.status == "resolved"
    assert (aspiration.public_summary, aspiration.outcome_public) == ("", False)


def test_officer_publishes_the_outcome_with_a_public_summary(bhabin, aspiration, outcome, login):
    client = login(bhabin)
    _triage(client, aspiration)
    _act(
        client,
        aspiration,
        "resolve",
        {
            "outcome": outcome.pk,
            "resolution": "Pelaku diamankan.",
            "public_summary": "Patroli malam ditambah; lapangan kini dijaga tiap Sabtu.",
            "outcome_public": "on",
        },
    )
    aspiration.refresh_from_db()
    assert aspiration.outcome_public
    assert aspiration.public_summary.startswith("Patroli malam ditambah")


def test_publishing_without_a_summary_is_refused_with_a_message(bhabin, aspiration, outcome, login):
    client = login(bhabin)
    _triage(client, aspiration)
    response = _act(
        client,
        aspiration,
        "resolve",
        {"outcome": outcome.pk, "resolution": "Selesai.", "outcome_public": "on"},
    )
    assert "Tulis ringkasan untuk publik sebelum mempublikasikan hasilnya." in response.content.decode()
    aspiration.refresh_from_db()
    assert aspiration.status == "triaged" and not aspiration.outcome_public


def test_triage_of_a_tip_records_its_agenda_text(world, bhabin, login):
    tip = make_aspiration(rw=world.rw18, kind=Kind.TIP, description="Transaksi narkoba di rumah kos.")
    _triage(login(bhabin), tip, agenda_text="Peredaran narkoba di sekitar RW 18")
    tip.refresh_from_db()
    assert tip.agenda_text == "Peredaran narkoba di sekitar RW 18"


def test_agenda_text_is_not_kept_for_a_complaint(bhabin, aspiration, login):
    _triage(login(bhabin), aspiration, agenda_text="Apa saja")
    assert Aspiration.objects.get(pk=aspiration.pk).agenda_text == ""
