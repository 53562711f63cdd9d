"""The dialogue loop: himbauan (public appeals), commitments made at sessions, and the rows of a
session's agenda for the items this app owns (aspirations keep their own agenda rows)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngopi.accounts.scoping import jurisdiction_of

from ..enums import CommitmentStatus


def _owned_above_or_below(queryset, user):
    """Rows owned in the user's subtree, and those of the units above him (an appeal of the Polda
    concerns every Polsek below it). The rule of ``Operation.objects.visible_to``."""
    scope = jurisdiction_of(user)
    if scope.everything:
        return queryset.all()
    if scope.nothing:
        return queryset.none()
    from ngopi.accounts.models import PoliceUnit

    unit = PoliceUnit.objects.only("path").get(pk=scope.unit_id)
    above = Q(unit__path__in=[*unit.ancestor_paths(), unit.path])
    below = scope.q(unit="unit") if scope.village_ids is None else Q(pk__in=[])
    return queryset.filter(above | below)


class HimbauanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _owned_above_or_below(self, user)

    def in_force(self, on_date=None):
        """Valid on ``on_date`` (today in WIB when not given)."""
        day = on_date or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)

    def covering(self, area):
        """Himbauan for the area itself or any area above it (a Kota appeal covers its RWs)."""
        return self.filter(area__path__in=[*area.ancestor_paths(), area.path])


class Himbauan(models.Model):
    """A public appeal for an area, e.g. "jaga persatuan, jangan terprovokasi hoaks"."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="himbauan"
    )
    operation = models.ForeignKey(
        "events.Operation",
        verbose_name=_("operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="himbauan",
    )
    unit = models.ForeignKey(
        "accounts.PoliceUnit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="himbauan",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = HimbauanQuerySet.as_manager()

    class Meta:
        verbose_name = _("himbauan")
        verbose_name_plural = _("himbauan")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="himbauan_period_valid",
                violation_error_message=_("A himbauan must end on or after the day it starts."),
            ),
        ]
        indexes = [models.Index(fields=["area", "valid_from"], name="himbauan_area_from_idx")]

    def __str__(self) -> str:
        return self.title

    def is_in_force(self, on_date=None) -> bool:
        day = on_date or timezone.localdate()
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The scoping rule of sessions (the Polsek subtree, or the kelurahan a Bhabinkamtibmas
        covers), and whoever is responsible for the commitment."""
        scope = jurisdiction_of(user)
        if scope.everything:
            return self.all()
        if scope.nothing:
            return self.none()
        condition = scope.q(unit="unit", village="rw__parent")
        mine = Q(responsible=user)
        return self.filter(condition | mine if condition is not None else mine)

    def open(self):
        return self.filter(status=CommitmentStatus.OPEN)

    def closed(self):
        return self.exclude(status=CommitmentStatus.OPEN)

    def at_rw(self, rw):
        return self.filter(rw=rw)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def kept_on_time(self):
        """Kept, and closed on or before the due date (in WIB)."""
        return self.filter(status=CommitmentStatus.KEPT, closed_at__date__lte=F("due_date"))

    def for_list(self):
        return self.select_related("session", "rw", "rw__parent", "unit", "responsible")


class Commitment(models.Model):
    """A promise the police made at a session ("komitmen"), followed until it is closed."""

    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="commitments"
    )
    # Copied from the session: where it was promised, and the Polsek answerable for it.
    rw = models.ForeignKey("areas.Area", verbose_name=_("RW"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "accounts.PoliceUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="commitments"
    )
    text = models.CharField(_("commitment"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    outcome_note = models.TextField(_("what happened"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values), name="commitment_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=CommitmentStatus.OPEN, closed_at__isnull=True, closed_by__isnull=True)
                | (
                    ~Q(status=CommitmentStatus.OPEN)
                    & Q(closed_at__isnull=False, closed_by__isnull=False)
                    & ~Q(outcome_note="")
                ),
                name="commitment_closed_with_outcome",
                violation_error_message=_("A closed commitment needs its outcome: say what happened."),
            ),
        ]
        indexes = [
            models.Index(fields=["rw", "status"], name="commitment_rw_status_idx"),
            models.Index(fields=["unit", "status", "due_date"], name="commitment_unit_status_idx"),
            models.Index(fields=["responsible", "status"], name="commitment_resp_status_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status == CommitmentStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def kept_on_time(self) -> bool:
        return (
            self.status == CommitmentStatus.KEPT
            and self.closed_at is not None
            and timezone.localdate(self.closed_at) <= self.due_date
        )


class AgendaRow(models.Model):
    """What every agenda row holds: whether the item was discussed, and the answer given."""

    discussed = models.BooleanField(_("discussed"), default=False)
    note = models.TextField(_("answer given"), blank=True)

    class Meta:
        abstract = True


class AgendaHimbauan(AgendaRow):
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="agenda_himbauan")
    himbauan = models.ForeignKey(Himbauan, on_delete=models.CASCADE, related_name="agenda_rows")

    class Meta:
        verbose_name = _("himbauan on an agenda")
        verbose_name_plural = _("himbauan on agendas")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "himbauan"],
                name="agenda_himbauan_once",
                violation_error_message=_("This himbauan is already on the session's agenda."),
            )
        ]
        indexes = [models.Index(fields=["himbauan", "discussed"], name="agenda_himbauan_item_idx")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.himbauan_id}"


class AgendaCommitment(AgendaRow):
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="agenda_commitments")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="agenda_rows")

    class Meta:
        verbose_name = _("commitment on an agenda")
        verbose_name_plural = _("commitments on agendas")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "commitment"],
                name="agenda_commitment_once",
                violation_error_message=_("This commitment is already on the session's agenda."),
            )
        ]
        indexes = [models.Index(fields=["commitment"], name="agenda_commitment_item_idx")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.commitment_id}"
