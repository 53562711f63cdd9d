from urllib.parse import urlencode

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngopi.core.tree import TreeNode, TreeQuerySet

from .enums import ResetStatus, Role, UnitKind


class PoliceUnitQuerySet(TreeQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        from .scoping import jurisdiction_of

        return jurisdiction_of(user).filter(self, unit="")


class PoliceUnit(TreeNode):
    """A unit of the police tree: Polda → Polres → Polsek."""

    name = models.CharField(_("name"), max_length=150)
    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Short unique code, used by imports.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKind.choices)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PoliceUnitQuerySet.as_manager()

    class Meta(TreeNode.Meta):
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")
        constraints = [
            *TreeNode.Meta.constraints,
            models.CheckConstraint(
                condition=Q(parent__isnull=True, kind=UnitKind.POLDA)
                | Q(parent__isnull=False, kind__in=[UnitKind.POLRES, UnitKind.POLSEK]),
                name="policeunit_only_polda_is_root",
                violation_error_message=_(
                    "Only a Polda stands at the top; a Polres or Polsek needs a parent unit."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The commanders' dashboard filtered to this unit: the one page that shows a unit (its
        sessions, aspirations and figures), for the people whose jurisdiction holds it."""
        return f"{reverse('dashboard:index')}?{urlencode({'unit': self.pk})}"


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .scoping import jurisdiction_of

        return jurisdiction_of(user).filter(self, unit="unit")

    def with_role(self, role: Role):
        return self.filter(role=role)


class NgopiUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member of staff: a police officer or an administrator. Residents have no account."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.BHABINKAMTIBMAS)
    unit = models.ForeignKey(
        PoliceUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    rank = models.CharField(_("rank"), max_length=40, blank=True, help_text=_("e.g. Aipda, Kompol, AKBP"))
    nrp = models.CharField(
        _("NRP"), max_length=20, blank=True, help_text=_("Police identity number (Nomor Registrasi Pokok).")
    )
    position = models.CharField(_("position"), max_length=120, blank=True, help_text=_("e.g. Kapolsek"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
        help_text=_("Language of e-mails and notifications."),
    )

    objects = NgopiUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                fields=["nrp"],
                condition=~Q(nrp=""),
                name="user_nrp_unique_when_set",
                violation_error_message=_("This NRP is already used by another user."),
            ),
            models.CheckConstraint(
                condition=Q(role=Role.ADMINISTRATOR) | Q(unit__isnull=False) | Q(is_superuser=True),
                name="user_officer_has_unit",
                violation_error_message=_(
                    "An officer must belong to a unit; only administrators may have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{self.rank} {full}".strip() if full else self.username

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def is_commander(self) -> bool:
        return self.role == Role.COMMANDER

    @property
    def is_scheduler(self) -> bool:
        return self.role == Role.SCHEDULER

    @property
    def is_bhabinkamtibmas(self) -> bool:
        return self.role == Role.BHABINKAMTIBMAS


class PasswordResetRequest(models.Model):
    """The outbox of password-reset e-mails: one row per request, known address or not.

    The sign-in page only writes this row, so it does the same work whatever the address; a
    worker looks the address up and sends the link (``services.send_password_resets``), then
    deletes the row. The address is kept only until then.
    """

    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=5, default="id")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ResetStatus.choices, default=ResetStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResetStatus.values), name="passwordresetrequest_status_known"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="passwordreset_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.requested_at:%Y-%m-%d %H:%M}"
