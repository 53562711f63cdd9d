"""The dialogue loop's writes: a session's agenda (prepared, ticked), the commitments made at it
(recorded, closed) and himbauan (published, changed)."""

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.enums import Role
from ngopi.accounts.models import PoliceUnit, User
from ngopi.accounts.scoping import jurisdiction_of
from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area

from .. import agenda, rules, workflow
from ..enums import CLOSED_COMMITMENT_STATUSES, SessionStatus
from ..models import Commitment, Himbauan, Operation, Session
from .common import lock_session

# Sessions whose agenda still takes in what was raised since it was prepared; a filed report
# freezes it (what was on the table that evening stays on record).
OPEN_AGENDA_STATUSES = (SessionStatus.PLANNED, SessionStatus.HELD)


def prepare_agendas(sessions: Iterable[Session]) -> None:
    """Put on each session's agenda what is due at its RW: called by the services that create
    sessions (inside their transaction), a fixed number of queries for any number of sessions."""
    agenda.prepare_agendas(sessions)


def move_agendas(sessions: Iterable[Session]) -> None:
    """Sessions moved to another RW (inside the moving service's transaction): the untouched rows
    of the old RW go, what is due at the new one comes."""
    agenda.move_agendas(sessions)


@transaction.atomic
def refresh_agenda(*, session: Session) -> None:
    """Add to a session still ahead (or under way) what its RW raised since the agenda was
    prepared; a reported, postponed or cancelled session's agenda stays as it is."""
    if session.status in OPEN_AGENDA_STATUSES:
        agenda.prepare_agendas([session])


@transaction.atomic
def record_agenda(
    *, actor: User, session: Session, answers: Mapping[str, Mapping[int, tuple[bool, str]]]
) -> int:
    """Store what the lead ticked as discussed and the answers he noted, per agenda source:
    ``{"aspirations": {row_id: (discussed, answer)}, ...}``. Returns the rows changed."""
    session = lock_session(session, actor)
    workflow.check(session, actor, workflow.Action.AGENDA)
    changed = 0
    for code, rows in answers.items():
        source = agenda.get_source(code)
        if source is None or not rows:
            continue
        clean = {int(pk): (bool(discussed), (note or "").strip()) for pk, (discussed, note) in rows.items()}
        changed += source.record(session, clean)
    return changed


def responsible_choices(session: Session):
    """Who may be made responsible for a commitment of the session: active officers of its Polsek
    or of a unit above it (not administrators)."""
    unit = session.unit
    return User.objects.filter(is_active=True, unit__path__in=[*unit.ancestor_paths(), unit.path]).exclude(
        role=Role.ADMINISTRATOR
    )


@transaction.atomic
def record_commitment(
    *,
    actor: User,
    session: Session,
    text: str,
    responsible: User,
    due_date: date,
    agenda_rows: Mapping[str, Iterable[int]] | None = None,
) -> Commitment:
    """Record a promise made at the session: what, who answers for it, by when, and the agenda
    items it answers (``{"aspirations": [row_id, ...]}``)."""
    session = lock_session(session, actor)
    workflow.check(session, actor, workflow.Action.COMMITMENT)
    problems = []
    text = (text or "").strip()
    if not text:
        problems.append(ValidationError(_("Say what was promised."), code="no_text"))
    if not responsible_choices(session).filter(pk=responsible.pk).exists():
        problems.append(
            ValidationError(
                _("The responsible officer must belong to the session's Polsek or a unit above it."),
                code="responsible_outside",
            )
        )
    if due_date < timezone.localdate(session.starts_at):
        problems.append(
            ValidationError(_("The due date cannot be before the session."), code="due_before_session")
        )
    if problems:
        raise ValidationError(problems)
    commitment = Commitment.objects.create(
        session=session,
        rw_id=session.rw_id,
        unit_id=session.unit_id,
        text=text,
        responsible=responsible,
        due_date=due_date,
        created_by=actor,
    )
    for code, row_ids in (agenda_rows or {}).items():
        source = agenda.get_source(code)
        if source is not None and source.link is not None and row_ids:
            source.link(commitment, row_ids)
    return commitment


def _lock_commitment(commitment: Commitment, actor: User) -> Commitment:
    locked = (
        Commitment.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk=commitment.pk)
        .first()
    )
    if locked is None:
        raise Http404
    return locked


@transaction.atomic
def close_commitment(
    *, actor: User, commitment: Commitment, status: str, outcome_note: str, evidence: str = ""
) -> Commitment:
    """Close a commitment: kept, partly kept or not kept, with what happened (and the evidence)."""
    commitment = _lock_commitment(commitment, actor)
    workflow.check_close_commitment(commitment, actor)
    outcome_note = (outcome_note or "").strip()
    if status not in CLOSED_COMMITMENT_STATUSES:
        raise ValidationError(_("Choose how the commitment ended."))
    if not outcome_note:
        raise ValidationError(_("A closed commitment needs its outcome: say what happened."))
    commitment.status = status
    commitment.outcome_note = outcome_note
    commitment.evidence = (evidence or "").strip()
    commitment.closed_at = timezone.now()
    commitment.closed_by = actor
    commitment.save(update_fields=["status", "outcome_note", "evidence", "closed_at", "closed_by"])
    return commitment


# --- himbauan ------------------------------------------------------------------------------------

HIMBAUAN_LEVELS = (AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.VILLAGE, AreaLevel.RW)


def area_in_jurisdiction(user: User, area: Area) -> bool:
    """Whether the area lies (at least in part) in the user's jurisdiction: a kelurahan in or
    under it, or the kelurahan above it, is covered by a Polsek the user sees."""
    scope = jurisdiction_of(user)
    if scope.everything:
        return True
    condition = scope.q(village="")
    if condition is None:
        return False
    nearby = Q(path__startswith=area.path) | Q(path__in=area.ancestor_paths())
    return Area.objects.filter(condition, nearby, level=AreaLevel.VILLAGE).exists()


def _check_himbauan(actor, *, title, body, area, unit, operation, valid_from, valid_until) -> None:
    if not rules.can_manage_himbauan(actor, unit):
        raise PermissionDenied
    problems = []
    if not (title or "").strip() or not (body or "").strip():
        problems.append(_("Give the himbauan a title and its text."))
    if area.level not in HIMBAUAN_LEVELS:
        problems.append(_("A himbauan is for a kota/kabupaten, kecamatan, kelurahan or RW."))
    elif not area_in_jurisdiction(actor, area):
        problems.append(_("This area is outside your jurisdiction."))
    if operation is not None and not Operation.objects.visible_to(actor).filter(pk=operation.pk).exists():
        problems.append(_("This operation is outside your jurisdiction."))
    if valid_until is not None and valid_until < valid_from:
        problems.append(_("A himbauan must end on or after the day it starts."))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_himbauan(
    *,
    actor: User,
    title: str,
    body: str,
    area: Area,
    valid_from: date,
    valid_until: date | None = None,
    operation: Operation | None = None,
    unit: PoliceUnit | None = None,
) -> Himbauan:
    """Publish a himbauan for an area (owned by the actor's unit unless another is given). Sessions
    already planned in the area get it on their agenda."""
    unit = unit or actor.unit
    if unit is None:
        raise PermissionDenied
    values = {
        "title": title,
        "body": body,
        "area": area,
        "operation": operation,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    _check_himbauan(actor, unit=unit, **values)
    values["title"], values["body"] = title.strip(), body.strip()
    himbauan = Himbauan.objects.create(unit=unit, created_by=actor, **values)
    _add_to_planned_agendas(himbauan)
    return himbauan


@transaction.atomic
def update_himbauan(
    *,
    actor: User,
    himbauan: Himbauan,
    title: str,
    body: str,
    area: Area,
    valid_from: date,
    valid_until: date | None = None,
    operation: Operation | None = None,
) -> Himbauan:
    locked = Himbauan.objects.visible_to(actor).select_for_update(of=("self",))
    himbauan = locked.filter(pk=himbauan.pk).first()
    if himbauan is None:
        raise Http404
    if not rules.can_edit_himbauan(actor, himbauan):
        raise PermissionDenied
    values = {
        "title": title,
        "body": body,
        "area": area,
        "operation": operation,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    _check_himbauan(actor, unit=himbauan.unit, **values)
    for name, value in values.items():
        setattr(himbauan, name, value.strip() if isinstance(value, str) else value)
    himbauan.save()
    _add_to_planned_agendas(himbauan)
    return himbauan


def _add_to_planned_agendas(himbauan: Himbauan) -> None:
    """The sessions still ahead in the himbauan's area, while it is in force, carry it."""
    sessions = Session.objects.filter(
        status__in=OPEN_AGENDA_STATUSES,
        rw__path__startswith=himbauan.area.path,
        starts_at__date__gte=max(himbauan.valid_from, timezone.localdate()),
    )
    if himbauan.valid_until is not None:
        sessions = sessions.filter(starts_at__date__lte=himbauan.valid_until)
    sessions = list(sessions.only("pk", "rw_id", "starts_at"))
    if sessions:
        source = agenda.get_source("himbauan")
        source.prepare(sessions)


__all__ = [
    "area_in_jurisdiction",
    "close_commitment",
    "create_himbauan",
    "move_agendas",
    "prepare_agendas",
    "record_agenda",
    "record_commitment",
    "refresh_agenda",
    "responsible_choices",
    "update_himbauan",
]
