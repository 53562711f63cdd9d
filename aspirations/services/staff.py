"""What officers do with an aspiration: triage, assign, ask, follow up, refer, resolve, close, reopen."""

import re
from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import User
from ngopi.notifications.services import notify

from .. import workflow
from ..deadlines import due_at_for
from ..enums import (
    EntryKind,
    Kind,
    Priority,
    Status,
    Verification,
)
from ..messages import assigned_messages
from ..models import Aspiration, Category, IdentityView, OutcomeCode
from ..rules import assignees
from .common import (
    AspirationError,
    add_entry,
    checked_text,
    lock_for,
    save_changes,
)

# --- staff ---------------------------------------------------------------------------------

AGENDA_TEXT_MAX = 200  # the length of Aspiration.agenda_text


@transaction.atomic
def triage_aspiration(
    *,
    actor: User,
    aspiration: Aspiration,
    kind: str,
    category: Category,
    priority: str,
    agenda_text: str | None = None,
) -> Aspiration:
    """Confirm kind and category and set the priority; the deadline follows the priority. For a
    tip, ``agenda_text`` is what may be said of it in public at a session (``None``: unchanged)."""
    aspiration = lock_for(actor, aspiration, "triage")
    if kind not in Kind.values or priority not in Priority.values:
        raise AspirationError(_("Choose a kind and a priority."))
    if kind != Kind.TIP and aspiration.verification:
        raise AspirationError(_("Only tips are verified."))
    aspiration.kind, aspiration.category, aspiration.priority = kind, category, priority
    aspiration.due_at = due_at_for(priority=priority, received_at=aspiration.created_at)
    aspiration.status = Status.TRIAGED
    fields = ["kind", "category", "priority", "due_at", "status"]
    if agenda_text is not None:
        agenda_text = checked_text(agenda_text)
        if len(agenda_text) > AGENDA_TEXT_MAX:
            limit = {"limit": AGENDA_TEXT_MAX}
            raise AspirationError(_("Please keep it under %(limit)d characters.") % limit)
        aspiration.agenda_text = agenda_text if kind == Kind.TIP else ""
        fields.append("agenda_text")
    save_changes(aspiration, actor, *fields)
    # The labels outside f-strings, where makemessages finds them.
    labels = (_("Kind"), _("Category"), _("Priority"))
    values = (Kind(kind).label, category.name, Priority(priority).label)
    text = " · ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True))
    add_entry(aspiration, EntryKind.TRIAGED, actor=actor, text=text)
    return aspiration


def assignable_officers(aspiration: Aspiration):
    """Active officers of the aspiration's Polsek or of the units above it."""
    if aspiration.unit_id is None:
        return User.objects.none()
    unit = aspiration.unit
    return assignees(User.objects.filter(unit__path__in=[*unit.ancestor_paths(), unit.path]))


@transaction.atomic
def assign_aspiration(*, actor: User, aspiration: Aspiration, assignee: User, note: str = "") -> Aspiration:
    aspiration = lock_for(actor, aspiration, "assign")
    if not assignable_officers(aspiration).filter(pk=assignee.pk).exists():
        raise AspirationError(
            _("%(name)s does not belong to the Polsek responsible or a unit above it.") % {"name": assignee}
        )
    if assignee.pk == aspiration.assignee_id:
        raise AspirationError(_("%(name)s already handles this aspiration.") % {"name": assignee})
    aspiration.assignee = assignee
    save_changes(aspiration, actor, "assignee")
    text = _("Assigned to %(name)s.") % {"name": assignee}
    note = checked_text(note)
    add_entry(aspiration, EntryKind.ASSIGNED, actor=actor, text=f"{text} {note}".strip())
    if assignee.pk != actor.pk:
        notify(assigned_messages(aspiration))
    return aspiration


@transaction.atomic
def ask_reporter(*, actor: User, aspiration: Aspiration, question: str) -> Aspiration:
    """A question the reporter sees on the tracking page; the aspiration waits for the answer."""
    aspiration = lock_for(actor, aspiration, "ask")
    question = checked_text(question, required=True, label=_("the question"))
    aspiration.status = Status.WAITING_REPORTER
    save_changes(aspiration, actor, "status")
    add_entry(aspiration, EntryKind.QUESTION, actor=actor, text=question, public=True)
    return aspiration


@transaction.atomic
def add_follow_up(*, actor: User, aspiration: Aspiration, text: str, public: bool) -> Aspiration:
    """Work done: a public update the reporter sees, or an internal one; the aspiration is in progress."""
    aspiration = lock_for(actor, aspiration, "follow_up")
    text = checked_text(text, required=True, label=_("what was done"))
    aspiration.status = Status.IN_PROGRESS
    save_changes(aspiration, actor, "status")
    add_entry(aspiration, EntryKind.FOLLOW_UP, actor=actor, text=text, public=public)
    return aspiration


@transaction.atomic
def add_note(*, actor: User, aspiration: Aspiration, text: str) -> Aspiration:
    """An internal note, in any status; the reporter never sees it."""
    aspiration = lock_for(actor, aspiration, "note")
    text = checked_text(text, required=True, label=_("the note"))
    save_changes(aspiration, actor)
    add_entry(aspiration, EntryKind.NOTE, actor=actor, text=text)
    return aspiration


@transaction.atomic
def refer_aspiration(
    *, actor: User, aspiration: Aspiration, body: str, referred_on: date, reference: str = ""
) -> Aspiration:
    """Hand off to a non-police body (the city's public-works office, the PLN…)."""
    aspiration = lock_for(actor, aspiration, "refer")
    body = checked_text(body, required=True, label=_("the agency"))[:200]
    aspiration.referred_to, aspiration.referred_on = body, referred_on
    aspiration.referral_reference = checked_text(reference)[:100]
    aspiration.status = Status.REFERRED
    save_changes(aspiration, actor, "referred_to", "referred_on", "referral_reference", "status")
    add_entry(
        aspiration,
        EntryKind.REFERRED,
        actor=actor,
        text=_("Handed over to %(body)s.") % {"body": body},
        public=True,
    )
    return aspiration


@transaction.atomic
def mark_duplicate(*, actor: User, aspiration: Aspiration, original: Aspiration) -> Aspiration:
    aspiration = lock_for(actor, aspiration, "duplicate")
    original = Aspiration.objects.visible_to(actor).filter(pk=original.pk).first()
    if original is None:
        raise AspirationError(_("No aspiration with that code is in your jurisdiction."))
    if original.pk == aspiration.pk:
        raise AspirationError(_("An aspiration cannot be a duplicate of itself."))
    if original.status == Status.DUPLICATE:
        original = original.duplicate_of
    aspiration.duplicate_of = original
    aspiration.status = Status.DUPLICATE
    save_changes(aspiration, actor, "duplicate_of", "status")
    # The original's code is its own reporter's secret: the public row does not name it.
    add_entry(
        aspiration,
        EntryKind.DUPLICATE,
        actor=actor,
        text=_("The same matter was already reported and is handled there."),
        public=True,
    )
    return aspiration


@transaction.atomic
def resolve_aspiration(
    *,
    actor: User,
    aspiration: Aspiration,
    outcome: OutcomeCode,
    resolution: str,
    verification: str = "",
    verification_results: str = "",
    public_summary: str = "",
    outcome_public: bool = False,
) -> Aspiration:
    """Resolved with an outcome; a tip also gets its verification (proven / not proven / undetermined).

    ``public_summary`` is what the officer writes for the RW's public page ("kami dengar, kami
    lakukan"); it is shown only with ``outcome_public`` ticked — never by default, a tip included.
    """
    aspiration = lock_for(actor, aspiration, "resolve")
    resolution = checked_text(resolution, required=True, label=_("what came of it"))
    public_summary = checked_text(public_summary)
    if outcome_public and not public_summary:
        raise AspirationError(_("Write the summary for the public before publishing the outcome."))
    if aspiration.kind == Kind.TIP:
        if verification not in Verification.values:
            raise AspirationError(_("Say whether the tip was proven."))
    elif verification:
        raise AspirationError(_("Only tips are verified."))
    now = timezone.now()
    aspiration.outcome, aspiration.resolution = outcome, resolution
    aspiration.verification = verification
    aspiration.verification_results = checked_text(verification_results) if verification else ""
    aspiration.resolved_at = now
    aspiration.status = Status.RESOLVED
    aspiration.public_summary, aspiration.outcome_public = public_summary, bool(outcome_public)
    save_changes(
        aspiration,
        actor,
        "outcome",
        "resolution",
        "verification",
        "verification_results",
        "resolved_at",
        "status",
        "public_summary",
        "outcome_public",
    )
    add_entry(aspiration, EntryKind.RESOLVED, actor=actor, text=resolution, public=True)
    return aspiration


@transaction.atomic
def close_aspiration(*, actor: User, aspiration: Aspiration, note: str = "") -> Aspiration:
    aspiration = lock_for(actor, aspiration, "close")
    aspiration.closed_at = timezone.now()
    aspiration.status = Status.CLOSED
    save_changes(aspiration, actor, "closed_at", "status")
    add_entry(aspiration, EntryKind.CLOSED, actor=actor, text=checked_text(note), public=True)
    return aspiration


@transaction.atomic
def reopen_aspiration(*, actor: User, aspiration: Aspiration, reason: str) -> Aspiration:
    """Back to work: the outcome is cleared (the timeline keeps it) and a new deadline runs from now."""
    aspiration = lock_for(actor, aspiration, "reopen")
    reason = checked_text(reason, required=True, label=_("why it is reopened"))
    aspiration.status = Status.IN_PROGRESS
    aspiration.outcome = None
    aspiration.verification = aspiration.verification_results = ""
    aspiration.resolved_at = aspiration.closed_at = None
    aspiration.due_at = due_at_for(priority=aspiration.priority, received_at=timezone.now())
    save_changes(
        aspiration,
        actor,
        "status",
        "outcome",
        "verification",
        "verification_results",
        "resolved_at",
        "closed_at",
        "due_at",
    )
    add_entry(aspiration, EntryKind.REOPENED, actor=actor, text=reason, public=True)
    return aspiration


@transaction.atomic
def record_identity_view(*, viewer: User, aspiration: Aspiration) -> IdentityView:
    """The audit row written every time a confidential reporter's identity is shown (to whoever
    may see it: the rule is asked here too)."""
    workflow.require(aspiration, viewer, workflow.SHOW_IDENTITY)
    return IdentityView.objects.create(viewer=viewer, aspiration=aspiration)


def record_identity_views(*, viewer: User, aspiration_ids: Sequence[int]) -> int:
    """The same audit rows for many identities shown at once (an export), in one insert."""
    IdentityView.objects.bulk_create(
        [IdentityView(viewer=viewer, aspiration_id=pk) for pk in aspiration_ids], batch_size=1000
    )
    return len(aspiration_ids)


def acknowledge_alert(*, notification, user) -> bool:
    """The hook of the urgent alert kind (``ngopi.notifications.kinds``): the officer answered
    the alert on WhatsApp. Recorded as a note by ``add_note``, the same staff action that marks
    an aspiration acknowledged in the app, so the escalation stops exactly as it does there."""
    match = re.match(r"aspiration:(\d+):", notification.key)
    aspiration = Aspiration.objects.filter(pk=int(match.group(1))).first() if match else None
    if aspiration is None:
        return False
    if aspiration.acknowledged_at is not None:
        return True  # someone acted already (or this reply was processed before): nothing to stop
    try:
        add_note(actor=user, aspiration=aspiration, text=_("Acknowledged by replying to the WhatsApp alert."))
    except AspirationError:
        return False
    return True
