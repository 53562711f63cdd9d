from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    TIP = "tip", _("Tip")
    SUGGESTION = "suggestion", _("Suggestion")


class Privacy(models.TextChoices):
    PUBLIC = "public", _("Public")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_REPORTER = "waiting_reporter", _("Waiting for the reporter")
    REFERRED = "referred", _("Referred to another agency")
    DUPLICATE = "duplicate", _("Duplicate")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# Statuses in which the police still owe work; deadlines and "overdue" only apply to these.
OPEN_STATUSES = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING_REPORTER]
# Statuses a resident may rate.
RATEABLE_STATUSES = [Status.RESOLVED, Status.CLOSED]
# Statuses that stop the deadline clock.
DONE_STATUSES = [Status.RESOLVED, Status.CLOSED, Status.REFERRED, Status.DUPLICATE]
WORKING = [Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING_REPORTER]

# Where an aspiration stands, in one plain sentence for the resident on the tracking page.
FOR_REPORTER = {
    Status.NEW: _("Received: it waits for the officer of your kelurahan to read it."),
    Status.TRIAGED: _("Read by the police: an officer has been given the task of following it up."),
    Status.IN_PROGRESS: _("Being followed up: an officer is working on it."),
    Status.WAITING_REPORTER: _("Waiting for you: the officer asked a question, please answer it below."),
    Status.REFERRED: _("Handed over to another agency that is responsible for it."),
    Status.DUPLICATE: _("Already reported by someone else: it is followed up together with that report."),
    Status.RESOLVED: _("Resolved: the outcome is shown below. You may rate how it was handled."),
    Status.CLOSED: _("Closed: the follow-up has ended."),
}


class Verification(models.TextChoices):
    PROVEN = "proven", _("Proven")
    NOT_PROVEN = "not_proven", _("Not proven")
    UNDETERMINED = "undetermined", _("Undetermined")


class Source(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Public form")
    SESSION = "session", _("Recorded at a session")
    CHAT = "chat", _("WhatsApp or SMS")


class EntryKind(models.TextChoices):
    SUBMITTED = "submitted", _("Received")
    RECORDED = "recorded", _("Recorded at a session")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    QUESTION = "question", _("Question to the reporter")
    REPORTER_REPLY = "reporter_reply", _("Reporter replied")
    REPORTER_INFO = "reporter_info", _("Reporter added information")
    FOLLOW_UP = "follow_up", _("Follow-up")
    NOTE = "note", _("Internal note")
    REFERRED = "referred", _("Referred to another agency")
    DUPLICATE = "duplicate", _("Marked as duplicate")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    RATED = "rated", _("Rated by the reporter")
    ANONYMISED = "anonymised", _("Personal data removed under the retention policy")


# Timeline rows written by the system itself (no actor, and not the reporter either).
SYSTEM_ENTRY_KINDS = [EntryKind.ANONYMISED]


class Sort(models.TextChoices):
    NEWEST = "newest", _("Newest first")
    OLDEST = "oldest", _("Oldest first")
    DUE = "due", _("Due soonest")
    UPDATED = "updated", _("Recently updated")
