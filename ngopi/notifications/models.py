from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import EmailStatus


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_due(self, now):
        return self.filter(email_status=EmailStatus.PENDING, next_attempt_at__lte=now)


class Notification(models.Model):
    """One message to one user: the in-app inbox row *and* the outbox of its e-mail.

    Written in the same transaction as the change that causes it. ``key`` makes it idempotent:
    the same reminder for the same user is never created twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    email_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key"),
            models.CheckConstraint(
                condition=Q(email_status__in=EmailStatus.values), name="notification_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["next_attempt_at"],
                name="notification_email_due_idx",
                condition=Q(email_status__in=[EmailStatus.PENDING, EmailStatus.SENDING]),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EmailPreference(models.Model):
    """A user's choice to get no e-mail for one kind of notification (urgent ones always go)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(_("kind"), max_length=50)
    email = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="email_preference_once",
                violation_error_message=_(
                    "This user already has an e-mail preference for this kind of notification."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
