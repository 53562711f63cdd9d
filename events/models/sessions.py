import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngopi.accounts.scoping import jurisdiction_of

from ..enums import BOOKED_STATUSES, BatchStatus, LogAction, OfficerRole, SessionStatus


class SessionKind(models.Model):
    """Ngopi Kamtibmas, Jumat Curhat… (an administrator may add others)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("session kind")
        verbose_name_plural = _("session kinds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OperationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Operations owned in the user's subtree, and those of the units above him
        (a Polda operation concerns every Polsek below it)."""
        scope = jurisdiction_of(user)
        if scope.everything:
            return self.all()
        if scope.nothing:
            return self.none()
        from ngopi.accounts.models import PoliceUnit

        unit = PoliceUnit.objects.only("path").get(pk=scope.unit_id) if user.unit_id else None
        above = Q(unit__path__in=[*unit.ancestor_paths(), unit.path]) if unit else Q(pk__in=[])
        below = scope.q(unit="unit") if scope.village_ids is None else Q(pk__in=[])
        return self.filter(above | below)


class Operation(models.Model):
    name = models.CharField(_("name"), max_length=150)
    unit = models.ForeignKey(
        "accounts.PoliceUnit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="operations",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="operation_period_valid",
                violation_error_message=_("An operation must end on or after the day it starts."),
            ),
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="operation_unique_name_per_unit",
                violation_error_message=_("This unit already has an operation with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:operation_detail", args=[self.pk])


class SessionBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        return jurisdiction_of(user).filter(self, unit="unit")


class SessionBatch(models.Model):
    """A serentak batch: one session per active post in a unit or a set of areas."""

    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "accounts.PoliceUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="session_batches",
    )
    operation = models.ForeignKey(
        Operation,
        verbose_name=_("operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="batches",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.ACTIVE
    )
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SessionBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("serentak batch")
        verbose_name_plural = _("serentak batches")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="batch_ends_after_start",
                violation_error_message=_("The sessions of a serentak batch must end after they start."),
            ),
            models.CheckConstraint(
                condition=Q(status=BatchStatus.ACTIVE) | ~Q(status_reason=""),
                name="batch_reason_when_stopped",
                violation_error_message=_("Give the reason, so residents and commanders know why."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:batch_detail", args=[self.pk])


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Commanders and staff: sessions whose responsible Polsek is in their subtree.
        Bhabinkamtibmas: sessions at posts in the kelurahan they cover."""
        return jurisdiction_of(user).filter(self, unit="unit", village="rw__parent")

    def public(self):
        """What residents may see: planned or held sessions, and postponed ones (with the reason)."""
        return self.filter(status__in=[SessionStatus.PLANNED, SessionStatus.HELD, SessionStatus.POSTPONED])

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def booked(self):
        return self.filter(status__in=BOOKED_STATUSES)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def for_list(self):
        return self.select_related("kind", "post", "rw", "rw__parent", "unit", "operation")


class Session(models.Model):
    kind = models.ForeignKey(
        SessionKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    post = models.ForeignKey(
        "areas.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="sessions"
    )
    # Denormalised from the post when scheduled: the RW (for area filters) and the Polsek covering
    # its kelurahan (for scoping); both are fixed for the life of the session.
    rw = models.ForeignKey(
        "areas.Area", verbose_name=_("RW"), on_delete=models.PROTECT, related_name="sessions"
    )
    unit = models.ForeignKey(
        "accounts.PoliceUnit",
        verbose_name=_("responsible Polsek"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    organiser = models.ForeignKey(
        "accounts.PoliceUnit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="organised_sessions",
    )
    operation = models.ForeignKey(
        Operation,
        verbose_name=_("operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    batch = models.ForeignKey(
        SessionBatch,
        verbose_name=_("serentak batch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    agenda = models.TextField(_("agenda and topics"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SessionOfficer",
        related_name="sessions",
        verbose_name=_("officers"),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="session_status_known"),
            models.CheckConstraint(
                condition=~Q(status__in=[SessionStatus.POSTPONED, SessionStatus.CANCELLED])
                | ~Q(status_reason=""),
                name="session_reason_when_not_held",
                violation_error_message=_("Give the reason, so residents and commanders know why."),
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="session_start_idx"),
            models.Index(fields=["unit", "starts_at"], name="session_unit_start_idx"),
            models.Index(fields=["rw", "starts_at"], name="session_rw_start_idx"),
            models.Index(fields=["post", "starts_at"], name="session_post_start_idx"),
            # Sessions held or reported by date (the dashboard's weekly trend and its coverage of
            # posts), answered from the index alone: at 500,000 sessions reading twelve weeks of
            # rows from the table cost 40 ms of every dashboard view.
            models.Index(
                fields=["starts_at"],
                include=["unit", "operation", "rw", "post"],
                name="session_done_start_idx",
                condition=Q(status__in=[SessionStatus.HELD, SessionStatus.REPORTED]),
            ),
            models.Index(fields=["operation", "status"], name="session_operation_status_idx"),
            # Whether a post had a session held or reported in a long period, probed per post
            # from the index alone (the dashboard's coverage; at 500,000 sessions three years
            # took 85 ms hashing every session's post and 14 ms probed).
            models.Index(
                fields=["post", "starts_at"],
                include=["unit", "operation"],
                name="session_done_post_idx",
                condition=Q(status__in=[SessionStatus.HELD, SessionStatus.REPORTED]),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:staff_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("events:public_detail", args=[self.pk])


class SessionOfficer(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=OfficerRole.choices, default=OfficerRole.ATTENDING
    )

    class Meta:
        verbose_name = _("assigned officer")
        verbose_name_plural = _("assigned officers")
        constraints = [
            models.UniqueConstraint(fields=["session", "officer"], name="session_officer_once"),
            models.UniqueConstraint(
                fields=["session"], condition=Q(role=OfficerRole.LEAD), name="session_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} ({self.get_role_display()})"


class SessionGuest(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=150, blank=True)
    position = models.CharField(
        _("position"), max_length=120, help_text=_("e.g. Camat, Danramil, Lurah, Ketua RW")
    )
    institution = models.CharField(_("institution"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["id"]

    def __str__(self) -> str:
        return " — ".join(part for part in (self.position, self.name, self.institution) if part)


class SessionReport(models.Model):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="report")
    residents_count = models.PositiveIntegerField(_("residents attending"), default=0)
    leaders_count = models.PositiveIntegerField(_("community leaders attending"), default=0)
    agencies_count = models.PositiveIntegerField(_("other agencies attending"), default=0)
    summary = models.TextField(_("summary / minutes"))
    issues_raised = models.TextField(_("issues raised"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")

    def __str__(self) -> str:
        return str(self.session)

    @property
    def total_attendance(self) -> int:
        return self.residents_count + self.leaders_count + self.agencies_count


def _photo_path(instance, filename):
    return f"sessions/{instance.report.session_id}/{filename}"


class SessionPhoto(models.Model):
    report = models.ForeignKey(SessionReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session photo")
        verbose_name_plural = _("session photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


# What the history calls each field a change names (``SessionLog.changes`` keeps the field's
# name, so old rows read in today's words and language).
CHANGE_LABELS = {
    "starts_at": _("Start"),
    "ends_at": _("End"),
    "post": _("Post"),
    "title": _("Title"),
    "agenda": _("Agenda"),
    "kind": _("Kind"),
    "operation": _("Operation"),
    "officers": _("Number of officers"),
}


class SessionLog(models.Model):
    """One row per action on a session: the audit trail."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(_("action"), max_length=20, choices=LogAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("session log entry")
        verbose_name_plural = _("session log")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["session", "at"], name="sessionlog_session_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.session_id}"

    def change_list(self) -> list[tuple[str, list]]:
        """``[(label, [before, after])]``: the changes as the history shows them, in the order
        of ``CHANGE_LABELS`` (PostgreSQL's jsonb keeps no order of its own)."""
        order = list(CHANGE_LABELS)
        names = sorted(self.changes, key=lambda name: order.index(name) if name in order else len(order))
        return [(CHANGE_LABELS.get(name, name), self.changes[name]) for name in names]


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """An officer's private iCalendar feed URL (secret, revocable by replacing the token)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("events:officer_feed", args=[self.token])
