from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which a session occupies its post and its officers.
BOOKED_STATUSES = [SessionStatus.PLANNED, SessionStatus.HELD]
# Which status may follow which, and who may take which action: ``events/workflow.py``.


class OfficerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SPEAKER = "speaker", _("Speaker")
    ATTENDING = "attending", _("Attending")


class BatchStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class LogAction(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    EDITED = "edited", _("Edited")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Marked as held")
    REPORTED = "reported", _("Report filed")
    REPORT_CORRECTED = "report_corrected", _("Report corrected")


class CommitmentStatus(models.TextChoices):
    """A promise made at a session ("komitmen") and how it ended."""

    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    PARTLY = "partly", _("Partly kept")
    NOT_KEPT = "not_kept", _("Not kept")


# The outcomes an officer may close a commitment with.
CLOSED_COMMITMENT_STATUSES = [CommitmentStatus.KEPT, CommitmentStatus.PARTLY, CommitmentStatus.NOT_KEPT]
