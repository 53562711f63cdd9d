"""Who may call the API: officers' personal tokens and civic apps' Open311 keys, both stored
hashed (``secrets.py``), both revocable; a token may expire."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecretQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A user's personal API token: the API acts as that user, with his scope and rules."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(_("digest"), max_length=64, editable=False)
    shown = models.CharField(_("beginning"), max_length=20, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = SecretQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest"],
                name="apitoken_digest_unique",
                violation_error_message=_("This token exists already."),
            )
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class Open311Key(models.Model):
    """An ``api_key`` an administrator issued to a civic app: it may post service requests."""

    application = models.CharField(_("application"), max_length=150)
    contact = models.CharField(_("contact"), max_length=250, blank=True)
    digest = models.CharField(_("digest"), max_length=64, editable=False)
    shown = models.CharField(_("beginning"), max_length=20, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = SecretQuerySet.as_manager()

    class Meta:
        verbose_name = _("Open311 key")
        verbose_name_plural = _("Open311 keys")
        ordering = ["application", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest"],
                name="open311key_digest_unique",
                violation_error_message=_("This key exists already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} ({self.shown}…)"
