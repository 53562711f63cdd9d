"""Who may do what with aspirations: named predicates asked by views, templates (through the
view's context), services, exports and — next — the API. No role is compared anywhere else.

What may happen *next* to an aspiration (its status flow) is ``workflow.py``; these rules say
who may act at all.
"""

from events.enums import SessionStatus
from ngopi.accounts.enums import Role
from ngopi.accounts.permissions import commands, in_jurisdiction, is_administrator
from ngopi.accounts.scoping import jurisdiction_of

from .enums import Kind, Privacy


def can_see(user, aspiration) -> bool:
    """The scoping rule (``Aspiration.objects.visible_to``) for one aspiration: the officers
    whose jurisdiction holds it, and a Bhabinkamtibmas it is assigned to."""
    if in_jurisdiction(user, unit_id=aspiration.unit_id, village_id=aspiration.village_id):
        return True
    # A commander's or staff member's assignments lie in his subtree already; a Bhabinkamtibmas
    # may hold one outside the kelurahan he covers.
    return (
        aspiration.assignee_id is not None
        and aspiration.assignee_id == getattr(user, "pk", None)
        and jurisdiction_of(user).village_scoped
    )


def can_act_on(user, aspiration) -> bool:
    """Triage, ask, follow up, note, refer, resolve, close, reopen: whoever sees it."""
    return can_see(user, aspiration)


def can_assign(user, aspiration) -> bool:
    """Hand it to an officer of the responsible Polsek or a unit above it: whoever may act on it."""
    return can_act_on(user, aspiration)


def assignees(users):
    """Of ``users`` (a ``User`` queryset), those who may hold aspirations: active officers, not
    administrators."""
    return users.filter(is_active=True).exclude(role=Role.ADMINISTRATOR)


def can_see_identity(user, aspiration) -> bool:
    """Public reports: anyone who sees the aspiration. Confidential ones: the assignee, the
    commanders of the responsible Polsek and of the units above it, and administrators.
    Anonymous ones have no identity to show."""
    if aspiration.privacy == Privacy.ANONYMOUS or not aspiration.has_identity:
        return False
    if aspiration.privacy == Privacy.PUBLIC:
        return True
    if is_administrator(user):
        return True
    if aspiration.assignee_id is not None and aspiration.assignee_id == user.pk:
        return True
    return aspiration.unit_id is not None and commands(user, aspiration.unit)


def shown_in_full(aspiration) -> bool:
    """Whether a public interface (Open311) may show more than the status of an aspiration found
    by its tracking code: only a public complaint or suggestion (``publicly_listed``)."""
    return aspiration.privacy == Privacy.PUBLIC and aspiration.kind != Kind.TIP


def can_export_identities(user) -> bool:
    """Whether an export may be asked to include reporters' identities at all (each row is then
    checked with ``can_see_identity``): administrators and commanders, the only ones who see
    confidential identities beyond their own assignments."""
    return is_administrator(user) or bool(getattr(user, "is_authenticated", False) and user.is_commander)


def can_record_at(user, session) -> bool:
    """Record residents' aspirations at a session (not a cancelled one): an officer assigned to
    it, or an administrator, commander or scheduling staff member whose jurisdiction holds it."""
    if session is None or session.status == SessionStatus.CANCELLED:
        return False
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if jurisdiction_of(user).everything:
        return True
    if (user.is_commander or user.is_scheduler) and in_jurisdiction(user, unit_id=session.unit_id):
        return True
    return session.assignments.filter(officer=user).exists()
