"""The dashboard's own tables: the early-warning rules (set by administrators) and the weekly
trend rollups that Celery refreshes. Everything else on the dashboard is read live."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from aspirations.enums import Kind


class EarlyWarningRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class EarlyWarningRule(models.Model):
    """ "Three tawuran tips in seven days in one RW": crossing it marks the RW on the dashboard."""

    name = models.CharField(_("name"), max_length=120)
    category = models.ForeignKey(
        "aspirations.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: aspirations of any category."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        blank=True,
        choices=Kind.choices,
        help_text=_("Empty: complaints, tips and suggestions alike."),
    )
    threshold = models.PositiveSmallIntegerField(
        _("threshold"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("Mark an RW once it has this many matching aspirations …"),
    )
    window_days = models.PositiveSmallIntegerField(
        _("within days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("… received within this many days (at most 30)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = EarlyWarningRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("early-warning rule")
        verbose_name_plural = _("early-warning rules")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=1), name="earlywarning_threshold_positive"),
            models.CheckConstraint(
                condition=Q(window_days__gte=1, window_days__lte=30), name="earlywarning_window_1_to_30"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WeeklyCounts(models.Model):
    """Aspirations received and resolved in one WIB week (Monday) for one Polsek and category."""

    week = models.DateField(_("week"))
    unit = models.ForeignKey(
        "accounts.PoliceUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey("aspirations.Category", on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.week} · {self.unit_id}"


class WeeklyTrend(WeeklyCounts):
    """The counts per week, Polsek, kelurahan, category and operation: the twelve-week trend.
    Rebuilt whole by ``rollups.refresh_weekly_trends``."""

    village = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    operation = models.ForeignKey(
        "events.Operation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("weekly trend row")
        verbose_name_plural = _("weekly trend rows")
        indexes = [
            models.Index(fields=["week", "unit"], name="weeklytrend_week_unit_idx"),
            # The trend of one operation (a tenth of the rows carry one).
            models.Index(
                fields=["operation", "week"],
                name="weeklytrend_operation_week_idx",
                condition=Q(operation__isnull=False),
            ),
        ]


class WeeklyUnitTrend(WeeklyCounts):
    """The same counts per week, Polsek and category only (about a fifth of the rows): the trend
    of a view without a kelurahan or operation filter reads this one. Rebuilt with ``WeeklyTrend``
    in the same transaction."""

    class Meta:
        verbose_name = _("weekly unit trend row")
        verbose_name_plural = _("weekly unit trend rows")
        indexes = [models.Index(fields=["week", "unit"], name="weeklyunittrend_week_unit_idx")]


class PeriodFigures(models.Model):
    """The figures of the aspirations received in this week and in this month (counts per
    category, kind and outcome; medians overall and per unit below) and the hot spots of the last
    30 days, for every police unit's subtree and for everything (``key`` ``all:…``): what a view
    without a kelurahan, category or operation filter shows. Over a Polda's tens of thousands of
    rows these live queries cost more than the page may. Rebuilt whole with the trends."""

    key = models.CharField(max_length=80, unique=True)  # "<unit pk or all>:<first day>:<last day>"
    figures = models.JSONField()

    class Meta:
        verbose_name = _("period figures")
        verbose_name_plural = _("period figures")

    def __str__(self) -> str:
        return self.key


class MonthlyFigures(models.Model):
    """Running totals of the aspirations received from the first month the rollup keeps (the
    earliest a period of the dashboard's form may start in) to ``month``, a WIB month, for every
    police unit's subtree and for everything (``scope`` "all"), and per ``category`` for every
    subtree with units below it: counts per category, kind and outcome as in ``PeriodFigures``,
    response and resolution times as histograms (``selectors.histograms``) overall, and received
    counts and response times per unit below. A long period (up to the three years the form
    allows) subtracts two of them for its whole months instead of reading every row. This and
    last month are rebuilt with the other rollups; every month once a night (``refreshed_at``
    says when)."""

    scope = models.CharField(max_length=20)  # a unit's pk, or "all"
    category = models.ForeignKey(
        "aspirations.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField()  # its first day
    figures = models.JSONField()
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "category", "month"],
                name="monthlyfigures_cell_uniq",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="monthlyfigures_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.category_id or '*'}:{self.month:%Y-%m}"


class OpenFigures(models.Model):
    """Open work per Polsek, category, operation and status: how many, how many urgent, how many
    past their deadline at the refresh. What the "open now" card and the units table's open
    column of a view without a kelurahan filter show: at national scale the open set is hundreds
    of thousands of rows, and a category or operation filter is not in its index. Rebuilt whole
    with the other rollups; the page says its age."""

    unit = models.ForeignKey(
        "accounts.PoliceUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey("aspirations.Category", on_delete=models.CASCADE, related_name="+")
    operation = models.ForeignKey(
        "events.Operation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20)
    n = models.PositiveIntegerField(default=0)
    urgent = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("open work figures")
        verbose_name_plural = _("open work figures")
        constraints = [
            models.CheckConstraint(condition=Q(urgent__lte=F("n")), name="openfigures_urgent_within_n"),
            models.CheckConstraint(condition=Q(overdue__lte=F("n")), name="openfigures_overdue_within_n"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.category_id} · {self.status}"


class EarlyWarningCount(models.Model):
    """For each active early-warning rule, the aspirations matching it per RW (and Polsek)
    within the rule's window as of the refresh; a row without an RW records that the rule was
    counted. The page adds what arrived since the refresh (live, a few minutes of rows) and
    compares with the threshold, reading only the RWs that could cross one. Rebuilt whole with
    the other rollups."""

    rule = models.ForeignKey(EarlyWarningRule, on_delete=models.CASCADE, related_name="+")
    rw = models.ForeignKey("areas.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(
        "accounts.PoliceUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    n = models.PositiveIntegerField(default=0)
    # The RW's count over all its Polsek (``n`` summed): an RW below every threshold is not read.
    rw_total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("early-warning count")
        verbose_name_plural = _("early-warning counts")

    def __str__(self) -> str:
        return f"{self.rule_id} · {self.rw_id} · {self.n}"


class Rollup(models.Model):
    """When a rollup was last rebuilt (one row per rollup); the page shows its age."""

    name = models.CharField(max_length=40, unique=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rollup")
        verbose_name_plural = _("rollups")

    def __str__(self) -> str:
        return self.name


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one scoping rule: a job and its file belong to the user who asked for it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class ExportJob(models.Model):
    """An export too large to stream while the user waits (``NGOPI_EXPORT_ASYNC_ROWS``): a worker
    writes the file under ``MEDIA_ROOT/exports/`` (never served by the web server), the page
    shows its progress, and the file is deleted ``NGOPI_EXPORT_KEEP_HOURS`` after it is done."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    filters = models.JSONField(
        _("filters"), default=dict
    )  # the dashboard's query (``DashboardFilters.query``)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    separator = models.CharField(_("separator"), max_length=10, default="comma")
    with_identities = models.BooleanField(_("with identities"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in total"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.CharField(_("file"), max_length=200, blank=True)  # relative to MEDIA_ROOT
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="exportjob_status_idx"),
            models.Index(fields=["expires_at"], name="exportjob_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="exportjob_status_valid",
                violation_error_message=_("Unknown export status."),
            ),
            models.CheckConstraint(
                condition=Q(format__in=["csv", "xlsx"]),
                name="exportjob_format_valid",
                violation_error_message=_("An export is either CSV or XLSX."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["done", "failed"])
                | Q(finished_at__isnull=False, expires_at__isnull=False),
                name="exportjob_finished_has_times",
                violation_error_message=_(
                    "A finished export records when it finished and when it is deleted."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""),
                name="exportjob_done_has_file",
                violation_error_message=_("A finished export has a file."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.format} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
