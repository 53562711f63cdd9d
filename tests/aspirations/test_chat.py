"""Residents by chat (aspirations/chat/), driven as WhatsApp drives it: signed webhooks to
/kanal/whatsapp/, the worker's processing of stored messages, and the replies delivered to the
fake Graph API (tests/fakes/graph_api.py)."""

import io
import itertools
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from PIL import Image

from aspirations import services
from aspirations.enums import EntryKind, Privacy, Source, Status
from aspirations.identity import reveal
from aspirations.models import Aspiration, ChatConversation, ChatReport
from aspirations.services.privacy import reseal_identities
from ngopi.notifications.models import InboundMessage
from ngopi.notifications.receiving import process_inbound
from ngopi.notifications.services import deliver_pending
from tests.fakes.graph_api import make_message_payload

NUMBER = "6281234567890"
_ids = itertools.count(1)


def _text(message: dict) -> str:
    """What the resident reads: a free text, or the text carried by the template."""
    if message["type"] == "text":
        return message["text"]
    if message["type"] == "template":
        return " ".join(p.get("text", "") for c in message["template"]["components"] for p in c["parameters"])
    return str(message.get(message["type"]))


@pytest.fixture
def outbox(graph_api):
    """What the fake Graph API received so far (after the worker delivered what is due)."""

    def sent():
        deliver_pending()
        return [{"to": m["to"], "text": _text(m)} for m in graph_api.sent]

    return sent


@pytest.fixture
def chat(client, world, bhabin, graph_api, outbox):
    """Send one message as the resident through the signed webhook and let the worker process it;
    returns the bot's replies to that number."""

    def _say(text="", *, number=NUMBER, media=(), message_id=None):
        before = len(outbox())
        payload = make_message_payload(
            number, text, message_id=message_id or f"wamid.T{next(_ids)}", media=tuple(media)
        )
        assert graph_api.signed_webhook(client, payload).status_code == 200
        process_inbound()
        return "\n".join(m["text"] for m in outbox()[before:] if m["to"] == number)

    return _say


def _triage(officer, aspiration):
    services.triage_aspiration(
        actor=officer,
        aspiration=aspiration,
        kind=aspiration.kind,
        category=aspiration.category,
        priority=aspiration.priority,
    )


def report_until_privacy(chat, world):
    chat("halo")
    chat("2")  # tip
    chat("1")  # first category
    chat("Ada rencana tawuran Sabtu malam di lapangan voli RW 18.")
    assert "Pekayon" in chat("RW 18 Pekayon")  # one match: taken
    chat("Lapangan voli")
    chat("-")
    chat("selesai")
    return chat("tidak")


def test_chat_whole_conversation_stores_the_aspiration_and_returns_the_code(chat, world):
    assert "1. " in chat("halo")
    reply = report_until_privacy(chat, world)
    assert "tidak bisa melapor tanpa nama" in reply
    assert "http://testserver/aspirasi/kirim/" in reply or "/aspirasi/kirim/" in reply
    chat("1")  # confidential
    chat("Budi")
    reply = chat("ya")
    aspiration = Aspiration.objects.get()
    assert aspiration.code in reply
    assert aspiration.source == Source.CHAT
    assert aspiration.privacy == Privacy.CONFIDENTIAL
    assert aspiration.rw == world.rw18
    identity = reveal(aspiration.reporter_identity)
    assert identity.name == "Budi" and identity.phone == "+" + NUMBER
    assert ChatReport.objects.get().updates is True
    conversation = ChatConversation.objects.get()
    assert NUMBER not in conversation.number_sealed and NUMBER not in conversation.number_hash
    assert conversation.state == "idle" and conversation.answers == {}


def test_chat_unknown_rw_keeps_everything_typed(chat, world):
    chat("halo")
    chat("1")
    chat("1")
    chat("Jalan rusak parah di depan pos ronda.")
    reply = chat("RW 99 Atlantis")
    assert "Tidak ditemukan RW bernama “RW 99 Atlantis”" in reply
    conversation = ChatConversation.objects.get()
    assert conversation.answers["description"] == "Jalan rusak parah di depan pos ronda."
    assert conversation.state == "area"


def test_chat_several_rws_are_offered_as_a_numbered_list(chat, world):
    chat("halo")
    chat("1")
    chat("1")
    chat("Jalan rusak parah di depan pos ronda.")
    reply = chat("Pekayon")
    assert "1. RW 18" in reply and "2. RW 19" in reply
    chat("2")
    assert ChatConversation.objects.get().answers["area"] == world.rw19.pk


def test_chat_huge_text_is_refused_and_nothing_is_lost(chat, world):
    chat("halo")
    chat("3")
    chat("1")
    reply = chat("x" * 6000)
    assert "terlalu panjang" in reply and "5000" in reply
    conversation = ChatConversation.objects.get()
    assert conversation.answers["kind"] == "suggestion" and conversation.state == "description"


def test_chat_short_description_gets_the_form_s_own_message(chat, world):
    chat("halo")
    chat("1")
    chat("1")
    reply = chat("rusak")
    assert "10" in reply and "Apa yang terjadi?" in reply
    assert ChatConversation.objects.get().state == "description"


def test_chat_anonymous_is_explained_and_refused(chat, world):
    report_until_privacy(chat, world)
    reply = chat("anonim")
    assert "/aspirasi/kirim/" in reply
    assert ChatConversation.objects.get().state == "privacy"
    assert not Aspiration.objects.exists()


def test_chat_cek_shows_the_status_in_the_tracking_page_s_words(chat, world):
    report_until_privacy(chat, world)
    chat("1")
    chat("Budi")
    chat("tidak")
    aspiration = Aspiration.objects.get()
    reply = chat(f"cek {aspiration.code.lower()}")
    assert aspiration.code in reply and "Status: Baru" in reply
    assert "tidak ditemukan" in chat("cek NK-0000-0000-0000-0000")


def test_chat_officer_question_reaches_the_chat_and_the_answer_is_recorded(chat, world, bhabin, outbox):
    report_until_privacy(chat, world)
    chat("1")
    chat("Budi")
    chat("ya")
    aspiration = Aspiration.objects.get()
    _triage(bhabin, aspiration)
    services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Jam berapa kejadiannya?")
    assert any("Jam berapa kejadiannya?" in m["text"] and m["to"] == NUMBER for m in outbox())
    reply = chat("Sekitar jam 22.00")
    assert f"jawaban Anda sudah diteruskan kepada petugas ({aspiration.code})" in reply
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS
    entry = aspiration.timeline.get(kind=EntryKind.REPORTER_REPLY)
    assert entry.text == "Sekitar jam 22.00" and entry.is_public and entry.actor is None


def test_chat_no_updates_without_opting_in(chat, world, bhabin, outbox):
    report_until_privacy(chat, world)
    chat("1")
    chat("Budi")
    chat("tidak")
    aspiration = Aspiration.objects.get()
    _triage(bhabin, aspiration)
    before = len(outbox())
    services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Jam berapa kejadiannya?")
    assert len(outbox()) == before


def test_chat_berhenti_stops_every_message(chat, world, bhabin, outbox):
    report_until_privacy(chat, world)
    chat("1")
    chat("Budi")
    chat("ya")
    aspiration = Aspiration.objects.get()
    assert "tidak akan lagi menerima pesan" in chat("berhenti")
    _triage(bhabin, aspiration)
    before = len(outbox())
    services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Jam berapa kejadiannya?")
    assert chat("halo") == ""
    assert len(outbox()) == before
    assert "Pesan aktif kembali" in chat("mulai")


def test_chat_expires_after_a_day(chat, world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        chat("halo")
        chat("1")
        clock.shift(timedelta(hours=23))
        chat("1")
        assert ChatConversation.objects.get().answers["kind"] == "complaint"
        clock.shift(timedelta(hours=24, seconds=1))
        reply = chat("Jalan rusak parah di depan pos ronda.")
    assert "kedaluwarsa" in reply and "1. Keluhan" in reply
    conversation = ChatConversation.objects.get()
    assert conversation.state == "kind" and "kind" not in conversation.answers


def test_chat_state_survives_a_restart(chat, world):
    from aspirations import routing
    from ngopi.core import counters

    chat("halo")
    chat("2")
    # A new worker process knows only the database: nothing of the conversation is in memory.
    routing.forget()
    counters.reset()
    conversation = ChatConversation.objects.get()
    assert conversation.state == "category" and conversation.answers["kind"] == "tip"
    chat("1")
    assert ChatConversation.objects.get().state == "description"


def test_chat_rate_limit_per_number(chat, world, settings):
    settings.CHAT_MESSAGE_LIMIT = 3
    for _ in range(3):
        chat("bantuan")
    assert "Mohon tunggu 10 menit" in chat("bantuan")  # said once
    assert chat("bantuan") == ""
    assert chat("bantuan", number="6289999999999")  # another number is not limited


def test_chat_replayed_message_id_is_processed_once(chat, world):
    chat("halo")
    assert chat("2", message_id="wamid.same")
    assert chat("2", message_id="wamid.same") == ""  # Meta sends it again: stored once, answered once
    assert InboundMessage.objects.filter(provider_message_id="wamid.same").count() == 1
    assert ChatConversation.objects.get().answers["kind"] == "tip"


def test_chat_deep_link_from_a_poster_sets_the_rw(chat, world):
    reply = chat(f"NGOPI RW {world.rw18.pk} KEGIATAN 999999")
    assert "RW 18" in reply
    assert ChatConversation.objects.get().answers["area"] == world.rw18.pk


def test_chat_english_on_request(chat, world):
    assert "English" in chat("english")
    assert "What do you want" in chat("halo")


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 14.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_chat_photo_is_reencoded_and_attached(chat, world, graph_api):
    chat("halo")
    chat("1")
    chat("1")
    chat("Jalan rusak parah di depan pos ronda.")
    chat("RW 18 Pekayon")
    chat("-")
    chat("-")
    media_id = graph_api.add_media(_jpeg_with_gps(), "image/jpeg")
    assert "Foto 1 diterima" in chat(media=[("image", media_id, "image/jpeg", "")])
    voice = graph_api.add_media(b"OggS voice", "audio/ogg")
    refused = chat(media=[("audio", voice, "audio/ogg", "")])
    assert "hanya dapat menerima foto" in refused
    chat("selesai")
    chat("tidak")
    chat("2")
    chat("Budi")
    chat("tidak")
    photo = Aspiration.objects.get().photos.get()
    with Image.open(photo.image) as image:
        assert image.format == "JPEG" and not image.getexif()


def finish_report(chat, world, *, updates="ya"):
    report_until_privacy(chat, world)
    chat("1")
    chat("Budi")
    return chat(updates)


def test_chat_photo_caption_answers_what_happened(chat, world, graph_api):
    chat("halo")
    chat("1")
    chat("1")
    media_id = graph_api.add_media(_jpeg_with_gps(), "image/png")
    reply = chat(media=[("image", media_id, "image/png", "Lampu jalan mati sejak seminggu lalu.")])
    assert "Foto 1 diterima" in reply  # checked by its content (a JPEG), not by the label
    conversation = ChatConversation.objects.get()
    assert conversation.answers["description"] == "Lampu jalan mati sejak seminggu lalu."
    assert conversation.state == "area"


def test_chat_numbers_are_resealed_with_the_identity_keys(chat, world, settings):
    from cryptography.fernet import Fernet

    chat("halo")
    old, new = settings.NGOPI_IDENTITY_KEYS[0], Fernet.generate_key().decode()
    settings.NGOPI_IDENTITY_KEYS = [new, old]
    assert reseal_identities().resealed == 1
    settings.NGOPI_IDENTITY_KEYS = [new]
    assert reveal(ChatConversation.objects.get().number_sealed).phone == NUMBER


def test_chat_retention_cuts_the_link_to_the_number(chat, world, bhabin, outbox, outcome):
    from aspirations.services.privacy import anonymise_finished_aspirations

    finish_report(chat, world)
    aspiration = Aspiration.objects.get()
    _triage(bhabin, aspiration)
    services.resolve_aspiration(
        actor=bhabin,
        aspiration=aspiration,
        outcome=outcome,
        resolution="Patroli malam ditambah.",
        verification="proven",
        verification_results="Benar ada rencana.",
    )
    update = outbox()[-1]["text"]  # the resolution reached the chat, in the tracking page's words
    assert aspiration.code in update and "Patroli malam ditambah." in update
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        assert anonymise_finished_aspirations() == 1
    assert not ChatReport.objects.exists()
    assert ChatConversation.objects.exists()  # the number's own settings (stop, language) stay


def test_poster_offers_the_whatsapp_deep_link_when_a_number_is_set(client, world, binmas, settings):
    from tests.aspirations.factories import make_session

    session = make_session(post=world.post_rw18, actor=binmas, starts_in=timedelta(days=3))
    client.force_login(binmas)
    assert "wa.me" not in client.get(f"/staf/kegiatan/{session.pk}/poster/").content.decode()
    settings.WHATSAPP_PUBLIC_NUMBER = "6281100001110"
    body = client.get(f"/staf/kegiatan/{session.pk}/poster/").content.decode()
    assert f"https://wa.me/6281100001110?text=NGOPI+RW+{world.rw18.pk}+KEGIATAN+{session.pk}" in body
    assert 'data-testid="chat-qr"' in body


def test_chat_unfinished_report_is_swept_after_a_day_photos_included(
    chat, world, graph_api, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from aspirations.tasks import chat_expire

    with time_machine.travel(timezone.now(), tick=False) as clock:
        chat("halo")
        chat("1")
        chat("1")
        chat("Jalan rusak parah di depan pos ronda.")
        chat(media=[("image", graph_api.add_media(_jpeg_with_gps(), "image/jpeg"), "image/jpeg", "")])
        (kept,) = ChatConversation.objects.get().answers["photos"]
        assert default_storage.exists(kept)
        clock.shift(timedelta(hours=23))
        assert chat_expire() == 0
        clock.shift(timedelta(hours=1, seconds=1))
        with django_capture_on_commit_callbacks(execute=True):
            assert chat_expire() == 1
        assert not default_storage.exists(kept)
        assert "Jalan rusak" not in str(ChatConversation.objects.get().answers)
        assert "kedaluwarsa" in chat("halo")


def test_chat_public_follow_up_reaches_the_chat_and_internal_notes_do_not(chat, world, bhabin, outbox):
    finish_report(chat, world)
    aspiration = Aspiration.objects.get()
    _triage(bhabin, aspiration)
    services.add_note(actor=bhabin, aspiration=aspiration, text="Catatan internal: cek CCTV.")
    services.add_follow_up(actor=bhabin, aspiration=aspiration, text="Patroli sore ini.", public=False)
    services.add_follow_up(
        actor=bhabin, aspiration=aspiration, text="Patroli sudah dijadwalkan.", public=True
    )
    texts = [m["text"] for m in outbox() if m["to"] == NUMBER]
    assert any("Patroli sudah dijadwalkan." in t and aspiration.code in t for t in texts)
    assert not any("CCTV" in t or "Patroli sore ini." in t for t in texts)


def test_chat_number_is_not_shown_to_staff_of_a_confidential_report(chat, world, bhabin, client):
    finish_report(chat, world)
    aspiration = Aspiration.objects.get()
    client.force_login(bhabin)
    page = client.get(f"/staf/aspirasi/{aspiration.pk}/").content.decode()
    assert NUMBER not in page and "Budi" not in page
    identity = client.get(f"/staf/aspirasi/{aspiration.pk}/identitas/").content.decode()  # logged
    assert NUMBER in identity.replace(" ", "").replace("-", "")
    assert aspiration.identity_views.count() == 1


def test_chat_admin_lists_conversations_without_numbers_in_constant_queries(
    chat, world, administrator, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(administrator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/admin/aspirations/chatconversation/")
        assert page.status_code == 200
        return len(ctx), page.content.decode()

    chat("halo")
    before, _page = count()
    for i in range(5):
        chat("halo", number=f"62812000000{i:02d}")
    after, page = count()
    assert after == before
    assert NUMBER not in page and "6281200000001" not in page


def test_chat_help_mid_report_asks_the_same_question_again(chat, world):
    chat("halo")
    chat("2")
    reply = chat("bantuan")
    assert "CEK NK-" in reply and "/aspirasi/kirim/" in reply and "Tentang apa?" in reply
    conversation = ChatConversation.objects.get()
    assert conversation.state == "category" and conversation.answers["kind"] == "tip"
    assert "dibatalkan" in chat("batal")
    assert ChatConversation.objects.get().answers == {}


def test_chat_poster_deep_link_ties_the_report_to_the_session(chat, world, binmas):
    from tests.aspirations.factories import make_session

    session = make_session(post=world.post_rw18, actor=binmas, starts_in=timedelta(hours=-1))
    reply = chat(f"NGOPI RW {world.rw18.pk} KEGIATAN {session.pk}")
    assert "Laporan untuk RW 18, Pekayon Jaya" in reply
    chat("1")
    chat("1")
    chat("Ada pemuda mabuk di pos ronda setiap malam.")
    chat("-")  # the RW came with the link: the next question is the exact place
    chat("-")
    chat("selesai")
    chat("tidak")
    chat("2")
    chat("Sari")
    assert "NK-" in chat("tidak")
    aspiration = Aspiration.objects.get()
    assert (aspiration.rw, aspiration.session) == (world.rw18, session)
    assert aspiration.privacy == Privacy.PUBLIC
