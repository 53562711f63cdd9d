"""What residents do: submit (or have an officer record) aspirations, reply, rate."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import User
from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area
from ngopi.notifications.services import notify

from .. import rules, workflow
from ..codes import new_code
from ..deadlines import due_at_for
from ..enums import (
    OPEN_STATUSES,
    RATEABLE_STATUSES,
    EntryKind,
    Kind,
    Priority,
    Privacy,
    Source,
    Status,
)
from ..identity import seal
from ..intake import reporter_fields, reporter_problems
from ..messages import assigned_messages, reply_messages, urgent_messages
from ..models import Aspiration, AspirationPhoto, Category, TimelineEntry
from .common import (
    AspirationError,
    add_entry,
    checked_text,
    new_entry,
    routed_assignee_id,
    save_changes,
)

# --- residents -----------------------------------------------------------------------------


CODE_ATTEMPTS = 3


def submit_aspiration(
    *,
    kind: str,
    category: Category,
    description: str,
    rw: Area,
    privacy: str,
    location_detail: str = "",
    occurred_at: datetime | None = None,
    urgent: bool = False,
    name: str = "",
    phone: str = "",
    email: str = "",
    consent: bool = False,
    photos: Sequence[UploadedFile] = (),
    session=None,
    operation=None,
    recorded_by: User | None = None,
    source: str = "",
) -> Aspiration:
    """Receive an aspiration and route it: to the Polsek covering the RW's kelurahan and that
    kelurahan's Bhabinkamtibmas. Anonymous ones keep no identity whatsoever.

    The tracking code is drawn before the insert; on the (2⁻⁸⁰) chance that it is taken, the
    whole submission is tried again with a new one, so the usual path needs no savepoint."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            return _submit(
                kind=kind,
                category=category,
                description=description,
                rw=rw,
                privacy=privacy,
                location_detail=location_detail,
                occurred_at=occurred_at,
                urgent=urgent,
                name=name,
                phone=phone,
                email=email,
                consent=consent,
                photos=photos,
                session=session,
                operation=operation,
                recorded_by=recorded_by,
                source=source,
            )
        except IntegrityError:  # a code collision, or a real error that repeats on the last try
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _submit(
    *,
    kind: str,
    category: Category,
    description: str,
    rw: Area,
    privacy: str,
    location_detail: str,
    occurred_at: datetime | None,
    urgent: bool,
    name: str,
    phone: str,
    email: str,
    consent: bool,
    photos: Sequence[UploadedFile],
    session,
    operation,
    recorded_by: User | None,
    source: str,
) -> Aspiration:
    """One attempt of ``submit_aspiration`` (same arguments, all given)."""
    if kind not in Kind.values or privacy not in Privacy.values:
        raise AspirationError(_("Choose what kind of aspiration this is and how private it is."))
    if rw.level != AreaLevel.RW or rw.parent_id is None:
        raise AspirationError(_("Choose the RW where it happened."))
    description = checked_text(description, required=True, label=_("what happened"))
    name, phone, email, consent = reporter_fields(
        privacy=privacy, name=name, phone=phone, email=email, consent=consent
    )
    problems = reporter_problems(privacy=privacy, name=name, phone=phone, email=email, consent=consent)
    if problems:
        raise AspirationError(next(iter(problems.values())))
    village = rw.parent
    now = timezone.now()
    priority = Priority.URGENT if urgent else category.default_priority
    if operation is None and session is not None:
        operation = session.operation
    aspiration = Aspiration(
        kind=kind,
        category=category,
        description=description,
        rw=rw,
        village=village,
        unit_id=village.polsek_id,
        assignee_id=routed_assignee_id(rw),
        location_detail=(location_detail or "").strip()[:300],
        occurred_at=occurred_at,
        urgent=urgent,
        privacy=privacy,
        reporter_identity=seal(name=name[:150], phone=phone[:30], email=email[:254]),
        consent_at=now if consent and (name or phone or email) else None,
        source=source or (Source.SESSION if recorded_by is not None else Source.PUBLIC_FORM),
        recorded_by=recorded_by,
        session=session,
        operation=operation,
        priority=priority,
        due_at=due_at_for(priority=priority, received_at=now),
        search_document=f"{description}\n{location_detail or ''}",
        created_at=now,
        updated_at=now,
        announced_at=now if urgent else None,
    )
    aspiration.code = new_code()
    entry = new_entry(
        aspiration,
        EntryKind.RECORDED if recorded_by is not None else EntryKind.SUBMITTED,
        actor=recorded_by,
        public=True,
        now=now,
    )
    if connection.vendor == "postgresql" and not (photos or urgent or connection.in_atomic_block):
        # The public form's usual case: the one INSERT statement is the whole submission and
        # atomic on its own, so no BEGIN/COMMIT round trips.
        _insert_with_entry(aspiration, entry)
        return aspiration
    with transaction.atomic():  # a savepoint inside a caller's transaction (a code collision retries)
        _insert_with_entry(aspiration, entry)
        for photo in photos:  # one by one: each file is written to storage as it is saved
            AspirationPhoto.objects.create(aspiration=aspiration, image=photo, uploaded_at=now)
        if urgent:  # alerted at once, in this transaction (the outbox), e-mailed right after commit
            notify(urgent_messages(aspiration))
    # The others are announced to their assignee by ``announce_new_aspirations`` within the minute.
    return aspiration


@functools.cache
def _insert_fields() -> tuple[list, list]:
    # Generated columns (the search vector) are computed by the database, never inserted.
    own = [f for f in Aspiration._meta.concrete_fields if not f.primary_key and not f.generated]
    first = [
        f
        for f in TimelineEntry._meta.concrete_fields
        if not f.primary_key and not f.generated and f.name != "aspiration"
    ]
    return own, first


@functools.cache
def _insert_sql() -> str:
    """One statement that inserts an aspiration and its first timeline row (PostgreSQL's
    data-modifying WITH), written once per process from the models' own fields."""
    qn = connection.ops.quote_name
    own, first = _insert_fields()
    pk, entry_pk = qn(Aspiration._meta.pk.column), qn(TimelineEntry._meta.pk.column)
    link = qn(TimelineEntry._meta.get_field("aspiration").column)

    def columns(fields):
        return ", ".join(qn(field.column) for field in fields)

    def placeholders(fields):
        return ", ".join(["%s"] * len(fields))

    return (  # names from the models' metadata, quoted; every value is a parameter
        f"WITH new AS (INSERT INTO {qn(Aspiration._meta.db_table)} ({columns(own)}) "  # noqa: S608
        f"VALUES ({placeholders(own)}) RETURNING {pk}) "
        f"INSERT INTO {qn(TimelineEntry._meta.db_table)} ({link}, {columns(first)}) "
        f"SELECT new.{pk}, {placeholders(first)} FROM new RETURNING {entry_pk}, {link}"
    )


def _insert_with_entry(aspiration: Aspiration, entry: TimelineEntry) -> None:
    """Insert a new aspiration and its first timeline row: on PostgreSQL in one statement and
    one round trip (the public form's hot path; the ORM's two inserts took half as much CPU
    again), each value prepared by its field as Django's own insert does; elsewhere two ORM
    inserts."""
    if connection.vendor != "postgresql":
        aspiration.save(force_insert=True)
        entry.aspiration = aspiration
        entry.save(force_insert=True)
        return
    own, first = _insert_fields()
    values = [f.get_db_prep_save(f.pre_save(aspiration, True), connection) for f in own]
    values += [f.get_db_prep_save(f.pre_save(entry, True), connection) for f in first]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), values)
        entry.pk, aspiration.pk = cursor.fetchone()
    for row in (aspiration, entry):
        row._state.adding = False
        row._state.db = connection.alias
    entry.aspiration = aspiration


ANNOUNCE_BATCH = 500


def announce_new_aspirations(*, batch: int = ANNOUNCE_BATCH) -> int:
    """Tell each assignee about the new aspirations not announced yet ("assigned to you") that
    are still open,
    ``batch`` at a time, each batch in its own transaction. Rows are claimed with SKIP LOCKED and
    marked in the transaction that creates their notifications: two runs never announce one
    aspiration twice. Returns how many aspirations were announced."""
    announced = 0
    while True:
        with transaction.atomic():
            rows = list(
                Aspiration.objects.filter(announced_at__isnull=True)
                .select_related("category", "rw", "village", "assignee")
                .select_for_update(of=("self",), skip_locked=True)
                .order_by("pk")[:batch]
            )
            if not rows:
                return announced
            Aspiration.objects.filter(pk__in=[a.pk for a in rows]).update(announced_at=timezone.now())
            # One finished before the announcer reached it (a quick duplicate, the demo's history)
            # is marked announced but tells nobody: "assigned to you" would be stale news.
            still_open = [a for a in rows if a.status in OPEN_STATUSES]
            notify([message for aspiration in still_open for message in assigned_messages(aspiration)])
        announced += len(rows)


@dataclass(frozen=True)
class CapturedEntry:
    """What one resident said at a session, as the officer typed it."""

    kind: str
    category: Category
    description: str
    privacy: str
    rw: Area | None = None
    location_detail: str = ""
    urgent: bool = False
    name: str = ""
    phone: str = ""
    consent: bool = False


@transaction.atomic
def record_session_aspirations(*, actor: User, session, entries: Sequence[CapturedEntry]) -> list[Aspiration]:
    """Officer entry at a session: several residents' aspirations at once, linked to the session,
    by an officer who may record there (``rules.can_record_at``)."""
    if not rules.can_record_at(actor, session):
        raise AspirationError(_("You cannot record aspirations at this session."))
    if not entries:
        raise AspirationError(_("Write at least one aspiration."))
    return [
        submit_aspiration(
            kind=entry.kind,
            category=entry.category,
            description=entry.description,
            rw=entry.rw or session.rw,
            privacy=entry.privacy,
            location_detail=entry.location_detail,
            urgent=entry.urgent,
            name=entry.name,
            phone=entry.phone,
            consent=entry.consent,
            session=session,
            recorded_by=actor,
        )
        for entry in entries
    ]


def _lock_public(aspiration: Aspiration) -> Aspiration:
    return Aspiration.objects.select_for_update().get(pk=aspiration.pk)


@transaction.atomic
def reply_as_reporter(*, aspiration: Aspiration, text: str) -> Aspiration:
    """The reporter answers an officer's question or adds information (tracking page)."""
    aspiration = _lock_public(aspiration)
    text = checked_text(text, required=True, label=_("your message"))
    actions = workflow.reporter_actions(aspiration)
    if workflow.ANSWER in actions:
        aspiration.status = Status.IN_PROGRESS
        save_changes(aspiration, None, "status")
        entry = add_entry(aspiration, EntryKind.REPORTER_REPLY, actor=None, text=text, public=True)
    elif workflow.ADD_INFORMATION in actions:
        save_changes(aspiration, None)
        entry = add_entry(aspiration, EntryKind.REPORTER_INFO, actor=None, text=text, public=True)
    else:
        raise AspirationError(_("This aspiration is finished; submit a new one if something else happened."))
    notify(reply_messages(aspiration, entry.pk))
    return aspiration


@transaction.atomic
def rate_aspiration(*, aspiration: Aspiration, rating: int, comment: str = "") -> Aspiration:
    aspiration = _lock_public(aspiration)
    if workflow.RATE not in workflow.reporter_actions(aspiration):
        if aspiration.status not in RATEABLE_STATUSES:
            raise AspirationError(_("You can rate the handling once the aspiration is resolved."))
        raise AspirationError(_("You have already rated this aspiration. Thank you!"))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise AspirationError(_("Choose a rating from 1 to 5."))
    aspiration.rating = rating
    aspiration.rating_comment = checked_text(comment)
    aspiration.rated_at = timezone.now()
    save_changes(aspiration, None, "rating", "rating_comment", "rated_at")
    add_entry(aspiration, EntryKind.RATED, actor=None, text=aspiration.rating_comment, public=True)
    return aspiration
