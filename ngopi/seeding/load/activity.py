"""Scale data for the dashboard and inbox benchmarks: aspirations and sessions across the
``seed_load`` Polda (``units.py`` beside it builds that Polda).

    manage.py seed_dashboard_load --aspirations 1000000 --sessions 50000

Builds on ``units.seed_units_and_areas`` (≈ 60 units, 3,000 RWs and posts) and adds, over the
last ``days`` days (three years by default): aspirations spread evenly in time and over the
RWs, mostly finished when old and mostly open when recent (a small tail of old ones still open
and overdue), a quarter of them tips, each with its follow-up trail; sessions at the posts, mostly
reported in the past, planned in the next month. On PostgreSQL the rows are generated inside the
database in batches, with a progress bar on stderr (``bulk.py``); other databases get the same
rows from Python through ``bulk_create`` (without the trail).
"""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from aspirations.enums import Kind, Priority, Privacy, Source, Status, Verification
from aspirations.models import Aspiration, Category, OutcomeCode, TimelineEntry
from events.enums import SessionStatus
from events.models import Operation, Session, SessionKind, SessionReport
from ngopi.accounts.enums import Role
from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Post
from ngopi.seeding.load import bulk
from ngopi.seeding.load.units import seed_units_and_areas
from ngopi.seeding.texts import POOL_SIZE, TextPool, keeping_search_vectors

ASPIRATION_COLUMNS = [
    "code",
    "kind",
    "category_id",
    "description",
    "rw_id",
    "village_id",
    "unit_id",
    "location_detail",
    "urgent",
    "acknowledged_at",
    "privacy",
    "reporter_identity",
    "source",
    "operation_id",
    "status",
    "priority",
    "due_at",
    "outcome_id",
    "resolution",
    "verification",
    "verification_results",
    "referred_to",
    "referral_reference",
    "resolved_at",
    "closed_at",
    "rating",
    "rating_comment",
    "search_document",
    "search_vector",
    "created_at",
    "updated_at",
    "public_summary",
    "outcome_public",
    "agenda_text",
]
SESSION_COLUMNS = [
    "kind_id",
    "title",
    "post_id",
    "rw_id",
    "unit_id",
    "organiser_id",
    "operation_id",
    "starts_at",
    "ends_at",
    "agenda",
    "status",
    "status_reason",
    "created_by_id",
    "created_at",
    "updated_at",
]
OPEN = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING_REPORTER]


def _copy(model, columns: list[str], rows) -> int:
    """COPY on PostgreSQL (fast), ``bulk_create`` elsewhere. ``rows`` yields tuples in column order."""
    count = 0
    if connection.vendor == "postgresql":
        # Columns the load does not name get their model default (COPY knows no Django default):
        # a NOT NULL field added later to the model then still loads.
        extra = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not f.null
            and f.column not in columns
            and (f.has_default() or f.empty_strings_allowed)
        ]
        table = model._meta.db_table
        sql = f"COPY {table} ({', '.join([*columns, *(f.column for f in extra)])}) FROM STDIN"
        defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row, *defaults))
                count += 1
        return count
    batch = []
    fields = list(columns)
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        count += 1
        if len(batch) >= 5000:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count


def _aspiration_rows(*, count, days, now, rws, categories, outcomes, operations, rng, texts):
    start = now - timedelta(days=days)
    step = (days * 86400) / max(count, 1)
    for i in range(count):
        created = start + timedelta(seconds=i * step + rng.random() * step)
        rw_id, village_id, unit_id = rws[rng.randrange(len(rws))]
        kind = (
            Kind.TIP if rng.random() < 0.25 else (Kind.COMPLAINT if rng.random() < 0.8 else Kind.SUGGESTION)
        )
        age = (now - created).days
        roll = rng.random()
        if age > 30:
            status = (
                Status.CLOSED
                if roll < 0.85
                else Status.RESOLVED
                if roll < 0.93
                else Status.REFERRED
                if roll < 0.97
                else rng.choice(OPEN)
            )
        else:
            status = Status.CLOSED if roll < 0.35 else Status.RESOLVED if roll < 0.6 else rng.choice(OPEN)
        urgent = rng.random() < 0.05
        due = created + (timedelta(hours=2) if urgent else timedelta(days=3))
        acknowledged = None if status == Status.NEW else created + timedelta(minutes=rng.randrange(10, 2880))
        resolved = closed = outcome = rating = None
        verification = ""
        if status in (Status.RESOLVED, Status.CLOSED):
            resolved = created + timedelta(minutes=rng.randrange(60, 14400))
            if resolved > now:
                resolved = now
            if acknowledged is None or acknowledged > resolved:
                acknowledged = resolved
            outcome = rng.choice(outcomes)
            if kind == Kind.TIP:
                v = rng.random()
                verification = (
                    Verification.PROVEN
                    if v < 0.3
                    else Verification.NOT_PROVEN
                    if v < 0.8
                    else Verification.UNDETERMINED
                )
            if status == Status.CLOSED:
                closed = resolved
                rating = rng.randint(1, 5) if rng.random() < 0.3 else None
        if acknowledged is not None and acknowledged > now:
            acknowledged = now
        operation = rng.choice(operations) if rng.random() < 0.1 else None
        description, location_detail, search_document, search_vector = texts.draw()
        yield (
            f"LD-{i:012d}",
            kind,
            rng.choice(categories),
            description,
            rw_id,
            village_id,
            unit_id,
            location_detail,
            urgent,
            acknowledged,
            Privacy.ANONYMOUS if rng.random() < 0.7 else Privacy.PUBLIC,
            "",  # no reporter identity (it would have to be sealed: aspirations.identity.seal)
            Source.PUBLIC_FORM,
            operation,
            status,
            Priority.URGENT if urgent else Priority.NORMAL,
            due,
            outcome,
            "Selesai." if resolved else "",
            verification,
            "",
            "Dinas terkait" if status == Status.REFERRED else "",
            "",
            resolved,
            closed,
            rating,
            "",
            search_document,
            search_vector,
            created,
            closed or resolved or acknowledged or created,
            "",  # public_summary: nothing published (bench/rw_page.py publishes some)
            False,
            "",
        )


def _session_rows(*, count, days, now, posts, kind_id, organiser_id, operations, actor_id, rng):
    start = now - timedelta(days=days)
    future = 30
    step = ((days + future) * 86400) / max(count, 1)
    for i in range(count):
        starts = start + timedelta(seconds=i * step + rng.random() * step)
        starts = starts.replace(minute=0, second=0, microsecond=0)
        post_id, rw_id, unit_id = posts[rng.randrange(len(posts))]
        roll = rng.random()
        if starts > now:
            status, reason = SessionStatus.PLANNED, ""
        elif roll < 0.8:
            status, reason = SessionStatus.REPORTED, ""
        elif roll < 0.85:
            status, reason = SessionStatus.HELD, ""
        elif roll < 0.9:
            status, reason = SessionStatus.PLANNED, ""
        else:
            status, reason = SessionStatus.CANCELLED, "Cuaca buruk"
        yield (
            kind_id,
            "Ngopi Kamtibmas (uji beban)",
            post_id,
            rw_id,
            unit_id,
            organiser_id,
            rng.choice(operations) if rng.random() < 0.2 else None,
            starts,
            starts + timedelta(hours=2),
            "",
            status,
            reason,
            actor_id,
            starts - timedelta(days=7),
            starts,
        )


@transaction.atomic
def seed_dashboard_load(
    *,
    aspirations: int = 1_000_000,
    sessions: int = 50_000,
    days: int = 3 * 365,
    prefix: str = "load",
    seed: int = 6,
    stream=None,
) -> dict[str, int]:
    """``stream``: where the progress bars go (stderr by default)."""
    created = seed_units_and_areas(prefix=prefix)
    if Aspiration.objects.filter(code__startswith="LD-").exists():
        return {**created, "load_aspirations": 0, "load_sessions": 0}
    rng = random.Random(seed)
    now = timezone.now()
    polda = PoliceUnit.objects.get(code=f"{prefix}-polda")
    actor, _created = User.objects.get_or_create(
        username=f"{prefix}-binmas", defaults={"role": Role.SCHEDULER, "unit": polda}
    )
    today = timezone.localdate(now)
    operations = []
    for n, (back, length) in enumerate([(400, 60), (120, 90), (20, 60)], start=1):
        operation, _ = Operation.objects.get_or_create(
            unit=polda,
            name=f"Operasi Uji {n}",
            defaults={
                "starts_on": today - timedelta(days=back),
                "ends_on": today - timedelta(days=back - length),
            },
        )
        operations.append(operation.pk)
    post_rows = list(
        Post.objects.filter(rw__parent__polsek__path__startswith=polda.path).values_list(
            "pk", "rw_id", "rw__parent_id", "rw__parent__polsek_id"
        )
    )
    rws = sorted({(rw, village, unit) for _pk, rw, village, unit in post_rows})
    categories = list(Category.objects.values_list("pk", flat=True))
    outcomes = list(OutcomeCode.objects.values_list("pk", flat=True))
    if connection.vendor == "postgresql":  # generated inside PostgreSQL (bulk.py), with progress bars
        n_aspirations = bulk.load_aspirations(
            count=aspirations,
            start=now - timedelta(days=days),
            now=now,
            rws=rws,
            categories=categories,
            outcomes=outcomes,
            operations=operations,
            stream=stream,
        )
        n_sessions = bulk.load_sessions(
            count=sessions,
            start=now - timedelta(days=days),
            now=now,
            posts=[(pk, rw, unit) for pk, rw, _village, unit in post_rows],
            kind_id=SessionKind.objects.values_list("pk", flat=True).first(),
            organiser_id=polda.pk,
            operations=operations,
            actor_id=actor.pk,
            stream=stream,
        )
        with connection.cursor() as cursor:
            for model in (Aspiration, TimelineEntry, Session, SessionReport):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        return {**created, "load_aspirations": n_aspirations, "load_sessions": n_sessions}
    rows = _aspiration_rows(
        count=aspirations,
        days=days,
        now=now,
        rws=rws,
        categories=categories,
        outcomes=outcomes,
        operations=operations,
        rng=rng,
        # Built here: it asks the database for the vectors, which it cannot during the COPY.
        texts=TextPool(seed=rng.randrange(1 << 30), size=min(POOL_SIZE, max(aspirations, 1))),
    )
    with keeping_search_vectors():  # the rows bring them (ngopi/seeding/texts.py)
        n_aspirations = _copy(Aspiration, ASPIRATION_COLUMNS, rows)
    first_session = (Session.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    n_sessions = _copy(
        Session,
        SESSION_COLUMNS,
        _session_rows(
            count=sessions,
            days=days,
            now=now,
            posts=[(pk, rw, unit) for pk, rw, _village, unit in post_rows],
            kind_id=SessionKind.objects.values_list("pk", flat=True).first(),
            organiser_id=polda.pk,
            operations=operations,
            actor_id=actor.pk,
            rng=rng,
        ),
    )
    # Read before the COPY starts: the connection cannot run a query in the middle of one.
    reported = list(
        Session.objects.filter(pk__gte=first_session, status=SessionStatus.REPORTED).values_list(
            "pk", "ends_at"
        )
    )
    _copy(
        SessionReport,
        [
            "session_id",
            "residents_count",
            "leaders_count",
            "agencies_count",
            "summary",
            "issues_raised",
            "filed_by_id",
            "filed_at",
            "updated_at",
        ],
        (
            (
                pk,
                rng.randint(5, 60),
                rng.randint(1, 6),
                rng.randint(0, 3),
                "Laporan uji.",
                "",
                actor.pk,
                ends,
                ends,
            )
            for pk, ends in reported
        ),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Aspiration, Session, SessionReport):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {**created, "load_aspirations": n_aspirations, "load_sessions": n_sessions}
