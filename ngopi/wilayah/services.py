"""Following an RW: ask (a confirmation mail), confirm, unfollow; and the sweep that mails the
followers the next session two days before and the session's summary once its report is filed.

Every mail is claimed before it is sent, in the transaction that sends it: a confirmation by a
conditional update of ``confirmation_sent_at``, a session's mail by inserting its
``FollowerMail`` row (unique per follower, session and kind). A failed send rolls the claim back
for the next sweep; two sweeps running at once send each mail once."""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from aspirations.identity import seal
from events import selectors as event_selectors
from ngopi.areas.models import Area

from . import mail
from .enums import MailKind
from .models import Follower, FollowerMail
from .tokens import CONFIRM_DAYS

log = logging.getLogger(__name__)

ANNOUNCE_BEFORE = timedelta(days=2)
# A report filed longer ago than this is not mailed any more (a sweep that was down for a week
# does not flood the followers with old news).
SUMMARY_WITHIN = timedelta(days=7)


def normalise(email: str) -> str:
    return email.strip().lower()


def email_digest(email: str) -> str:
    """The keyed hash an address is looked up by (the address itself is only kept sealed)."""
    return salted_hmac("ngopi.wilayah.follower", normalise(email), algorithm="sha256").hexdigest()


@transaction.atomic
def request_follow(*, rw: Area, email: str) -> Follower:
    """Ask to follow ``rw``: a new (or not yet confirmed) request gets a confirmation mail from
    the next sweep; an address already following gets nothing new (and the page says the same
    either way, so it does not tell who follows what)."""
    digest = email_digest(email)
    follower = Follower.objects.select_for_update().filter(rw=rw, email_digest=digest).first()
    if follower is None:
        sealed = seal(email=normalise(email))
        try:
            with transaction.atomic():  # a savepoint: the same request twice at once
                follower = Follower.objects.create(rw=rw, email_digest=digest, email_sealed=sealed)
        except IntegrityError:
            follower = Follower.objects.get(rw=rw, email_digest=digest)
    elif follower.confirmed_at is None:
        Follower.objects.filter(pk=follower.pk).update(confirmation_sent_at=None)
    transaction.on_commit(_wake_sweep)
    return follower


def _wake_sweep() -> None:
    from ngopi.core.queue import publish

    from .tasks import sweep

    publish(sweep, what="follower mails", fallback="the next sweep sends them")


@transaction.atomic
def confirm_follow(*, follower_id: int) -> Follower | None:
    follower = Follower.objects.select_for_update().select_related("rw").filter(pk=follower_id).first()
    if follower is not None and follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
    return follower


@transaction.atomic
def unfollow(*, follower_id: int) -> bool:
    """Forget the follower altogether (the sealed address goes with the row)."""
    deleted, _by_model = Follower.objects.filter(pk=follower_id).delete()
    return bool(deleted)


# --- the sweep ---------------------------------------------------------------------------------


def sweep_followers(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    expired, _by_model = Follower.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=CONFIRM_DAYS)
    ).delete()
    return {
        "confirmations": _send_confirmations(now=now),
        "announcements": _send_announcements(now=now),
        "summaries": _send_summaries(now=now),
        "expired": expired,
    }


def _send_confirmations(*, now) -> int:
    sent = 0
    waiting = Follower.objects.filter(confirmed_at__isnull=True, confirmation_sent_at__isnull=True)
    for follower in waiting.select_related("rw").order_by("pk")[:500]:
        try:
            with transaction.atomic():
                claimed = Follower.objects.filter(pk=follower.pk, confirmation_sent_at__isnull=True).update(
                    confirmation_sent_at=now
                )
                if claimed:
                    mail.send_confirmation(follower)
                    sent += 1
        except OSError as exc:  # SMTP down: the claim is rolled back, the next sweep tries again
            log.warning("follow confirmation not sent (%s)", type(exc).__name__)
    return sent


def _claim_and_send(follower, session, kind, send) -> int:
    try:
        with transaction.atomic():
            FollowerMail.objects.create(follower=follower, session=session, kind=kind)
            send()
    except IntegrityError:  # sent already (or by a sweep running beside this one)
        return 0
    except OSError as exc:
        log.warning("follower mail %s not sent (%s)", kind, type(exc).__name__)
        return 0
    return 1


def _pending(kind, sessions, *, confirmed_before=None):
    """(follower, session) pairs of confirmed followers of the sessions' RWs not yet mailed."""
    by_rw = {}
    for session in sessions:
        by_rw.setdefault(session.rw_id, []).append(session)
    if not by_rw:
        return []
    sent = set(
        FollowerMail.objects.filter(
            kind=kind, session__in=[s for group in by_rw.values() for s in group]
        ).values_list("follower_id", "session_id")
    )
    followers = Follower.objects.confirmed().filter(rw_id__in=list(by_rw)).select_related("rw")
    pairs = []
    for follower in followers.order_by("pk"):
        for session in by_rw[follower.rw_id]:
            if (follower.pk, session.pk) in sent:
                continue
            if confirmed_before is not None and follower.confirmed_at > confirmed_before(session):
                continue  # followed after the report was filed: the RW page has it already
            pairs.append((follower, session))
    return pairs


def _send_announcements(*, now) -> int:
    sessions = event_selectors.sessions_to_announce(now=now, within=ANNOUNCE_BEFORE)
    return sum(
        _claim_and_send(
            follower,
            session,
            MailKind.ANNOUNCEMENT,
            lambda f=follower, s=session: mail.send_announcement(f, s),
        )
        for follower, session in _pending(MailKind.ANNOUNCEMENT, sessions)
    )


def _send_summaries(*, now) -> int:
    from .selectors import session_summaries

    sessions = event_selectors.sessions_reported_since(since=now - SUMMARY_WITHIN)
    pairs = _pending(MailKind.SUMMARY, sessions, confirmed_before=lambda s: s.report.filed_at)
    summaries = session_summaries([session for _f, session in pairs]) if pairs else {}
    return sum(
        _claim_and_send(
            follower,
            session,
            MailKind.SUMMARY,
            lambda f=follower, s=session: mail.send_summary(f, s, summaries.get(s.pk)),
        )
        for follower, session in pairs
    )
