import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngopi.accounts.enums import Role

from ..codes import CODE_MAX_LENGTH
from ..enums import (
    DONE_STATUSES,
    OPEN_STATUSES,
    SYSTEM_ENTRY_KINDS,
    EntryKind,
    Kind,
    Priority,
    Privacy,
    Source,
    Status,
    Verification,
)
from ..querysets import AspirationQuerySet, CategoryQuerySet, OutcomeCodeQuerySet


class Category(models.Model):
    """Tawuran, narkoba, curanmor… managed by administrators."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    default_priority = models.CharField(
        _("default priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    is_police_matter = models.BooleanField(
        _("police matter"),
        default=True,
        help_text=_("Untick for matters of other agencies (street lighting, garbage, flooding…)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_priority__in=Priority.values), name="category_priority_known"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OutcomeCode(models.Model):
    """How an aspiration ended: patrol increased, mediation, enforcement…"""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = OutcomeCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome code")
        verbose_name_plural = _("outcome codes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Aspiration(models.Model):
    """What a resident brought: a complaint, a tip or a suggestion, and what became of it."""

    # Unique by a constraint rather than ``unique=True``: codes are only ever matched whole, so
    # the extra LIKE index Django adds for unique text columns would be written for nothing.
    code = models.CharField(_("tracking code"), max_length=CODE_MAX_LENGTH, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # No index of its own: ``aspiration_category_at_idx`` (category, created) serves both.
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="aspirations",
        db_index=False,
    )
    description = models.TextField(_("description"))
    # Where: the RW, and (denormalised for scoping, fixed at submission) its kelurahan and the
    # Polsek covering it.
    rw = models.ForeignKey(
        "areas.Area", verbose_name=_("RW"), on_delete=models.PROTECT, related_name="aspirations"
    )
    # The plain indexes of village, unit, assignee and session are left out: the composite
    # indexes in Meta start with those columns.
    village = models.ForeignKey(
        "areas.Area", verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        "accounts.PoliceUnit",
        verbose_name=_("responsible Polsek"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aspirations",
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_aspirations",
        db_index=False,
    )
    location_detail = models.CharField(_("location detail"), max_length=300, blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    urgent = models.BooleanField(_("happening now or about to happen"), default=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    # When the assignee was told (the outbox of "assigned to you"): urgent ones at submission,
    # the others by the announcer task within the minute, so the public form stays one insert.
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True, editable=False)

    # Who: nothing at all for anonymous reports (no IP, no user agent, no contact). The name,
    # phone and e-mail of the others are sealed together (``aspirations.identity``): the column
    # holds a Fernet token, never the clear identity.
    privacy = models.CharField(_("privacy"), max_length=12, choices=Privacy.choices)
    reporter_identity = models.TextField(_("reporter identity (encrypted)"), blank=True, editable=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    # When the retention policy removed the reporter's identity and the photos (services.privacy).
    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True, editable=False)

    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.PUBLIC_FORM)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    session = models.ForeignKey(
        "events.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aspirations",
        db_index=False,
    )
    operation = models.ForeignKey(
        "events.Operation",
        verbose_name=_("operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aspirations",
        # Served by the partial ``aspiration_operation_at_idx`` (operation, created): the full one
        # held a row for every aspiration without an operation too.
        db_index=False,
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    due_at = models.DateTimeField(_("due"))

    outcome = models.ForeignKey(
        OutcomeCode,
        verbose_name=_("outcome"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    verification = models.CharField(
        _("tip verification"), max_length=14, choices=Verification.choices, blank=True
    )
    verification_results = models.TextField(
        _("results"), blank=True, help_text=_("e.g. items seized, persons secured")
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    referral_reference = models.CharField(_("referral reference"), max_length=100, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    # "Kami dengar, kami lakukan": what the officer chose to tell the public when resolving (never
    # names; off by default, and for tips only by an explicit tick).
    public_summary = models.TextField(
        _("summary for the public"),
        blank=True,
        help_text=_("Shown on the RW's public page when published. Never write names."),
    )
    outcome_public = models.BooleanField(_("publish the outcome on the RW page"), default=False)
    # For tips: what may be said about it in public (the session agenda shows this, never the
    # description).
    agenda_text = models.CharField(
        _("text safe for the session agenda"),
        max_length=200,
        blank=True,
        help_text=_("For tips: what may be discussed in public at a session. Empty: not discussed openly."),
    )
    # Commitments made at a session about this aspiration (the link lives here: events never
    # imports this app).
    commitments = models.ManyToManyField(
        "events.Commitment", verbose_name=_("commitments"), blank=True, related_name="aspirations"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    # Description and location for full-text search (aspirations/search.py), and on PostgreSQL
    # its Indonesian tsvector, written by a trigger whenever the document is (migration 0010, with
    # its GIN index; NULL on SQLite).
    search_document = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = AspirationQuerySet.as_manager()

    class Meta:
        verbose_name = _("aspiration")
        verbose_name_plural = _("aspirations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="aspiration_code_unique"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="aspiration_status_known"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="aspiration_kind_known"),
            models.CheckConstraint(condition=Q(privacy__in=Privacy.values), name="aspiration_privacy_known"),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="aspiration_priority_known"
            ),
            models.CheckConstraint(
                condition=~Q(privacy=Privacy.ANONYMOUS) | Q(reporter_identity="", consent_at__isnull=True),
                name="aspiration_anonymous_keeps_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(reporter_identity="", consent_at__isnull=True),
                name="aspiration_anonymised_keeps_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="aspiration_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DUPLICATE) | Q(duplicate_of__isnull=False),
                name="aspiration_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RESOLVED) | Q(outcome__isnull=False, resolved_at__isnull=False),
                name="aspiration_resolved_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(verification="") | Q(kind=Kind.TIP), name="aspiration_only_tips_verified"
            ),
            models.CheckConstraint(
                condition=Q(outcome_public=False) | ~Q(public_summary=""),
                name="aspiration_published_has_summary",
                violation_error_message=_("Write the summary for the public before publishing the outcome."),
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="aspiration_created_idx"),
            # The inbox order (urgent first, newest first): a search for a common word walks it.
            models.Index(fields=["-urgent", "-created_at", "-id"], name="aspiration_urgent_created_idx"),
            models.Index(fields=["unit", "-created_at", "-id"], name="aspiration_unit_created_idx"),
            models.Index(fields=["village", "-created_at", "-id"], name="aspiration_village_created_idx"),
            models.Index(fields=["assignee", "status"], name="aspiration_assignee_status_idx"),
            models.Index(fields=["due_at", "id"], name="aspiration_due_idx"),
            models.Index(fields=["-updated_at", "-id"], name="aspiration_updated_idx"),
            models.Index(fields=["status", "due_at"], name="aspiration_status_due_idx"),
            # The open work (a few percent of all rows): counted by unit, status, urgency and
            # deadline on every dashboard and digest, answered from this index alone.
            models.Index(
                fields=["unit", "status", "urgent", "due_at"],
                name="aspiration_open_work_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # The inbox's (and the API's) order, urgent first then newest: the first page and every
            # keyset page after it are an index range scan, not a sort of the whole jurisdiction
            # (1,000,000 rows: 7 s → well under 100 ms for the Polda commander, bench/api.py).
            # The partial one serves the default view, the open work.
            models.Index(
                fields=["-urgent", "-created_at", "-id"],
                name="aspiration_open_inbox_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # A kelurahan's open work (the dashboard's kelurahan filter), likewise from the index.
            models.Index(
                fields=["village", "status", "urgent", "due_at"],
                name="aspiration_open_village_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # A category's or an operation's rows of a period (the dashboard's and the inbox's
            # filters): at 10,000,000 rows the created-date index alone read a whole month to keep
            # a thirteenth of it. Operations tag a minority of rows: a partial index.
            models.Index(fields=["category", "created_at"], name="aspiration_category_at_idx"),
            models.Index(
                fields=["operation", "created_at"],
                name="aspiration_operation_at_idx",
                condition=Q(operation__isnull=False),
            ),
            models.Index(fields=["session"], name="aspiration_session_idx"),
            models.Index(
                fields=["id"], name="aspiration_unannounced_idx", condition=Q(announced_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("aspirations:staff_detail", args=[self.pk])

    def get_tracking_url(self) -> str:
        return reverse("aspirations:track", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status not in DONE_STATUSES and self.due_at < timezone.now()

    @property
    def has_identity(self) -> bool:
        return bool(self.reporter_identity)


def _photo_path(instance, filename):
    # Random names only: nothing of the resident's file name or the aspiration survives in the path.
    name = uuid.uuid4().hex
    return f"aspirations/{name[:2]}/{name}.jpg"


class AspirationPhoto(models.Model):
    """A photo as re-encoded by ``ngopi.core.images.clean_photo`` (JPEG, no metadata)."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.aspiration_id}/{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("aspirations:staff_photo", args=[self.aspiration_id, self.pk])


class TimelineEntry(models.Model):
    """One row per action on an aspiration: the follow-up trail, public or internal."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    # ``actor`` empty: the reporter (through the tracking page) wrote it, or the system did
    # (``SYSTEM_ENTRY_KINDS``).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True
    )
    # The actor's role when he acted: the public page names officers by role only.
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    is_public = models.BooleanField(_("shown to the reporter"), default=False)
    text = models.TextField(_("text"), blank=True)
    status_after = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["aspiration", "created_at"], name="timeline_aspiration_at_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="timeline_kind_known")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.aspiration_id}"

    @property
    def by_reporter(self) -> bool:
        return self.actor_id is None and self.kind not in SYSTEM_ENTRY_KINDS

    @property
    def role_label(self) -> str:
        """How the public page names who wrote it: by role, never by name."""
        if self.kind in SYSTEM_ENTRY_KINDS:
            return _("System")
        if self.actor_id is None:
            return _("Reporter")
        return Role(self.actor_role).label if self.actor_role in Role.values else _("Officer")


class IdentityView(models.Model):
    """Who saw the identity of a confidential reporter, and when."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="identity_views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewed by"), on_delete=models.PROTECT, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("identity view")
        verbose_name_plural = _("identity views")
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["aspiration", "-viewed_at"], name="identityview_asp_at_idx")]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.aspiration_id}"
