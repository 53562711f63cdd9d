"""Residents who follow an RW by e-mail, without an account (double opt-in).

The address is kept only as the mail needs it: sealed with the identity keys
(``aspirations.identity``, Fernet) and, for look-ups ("is this address following already?"), a
keyed hash. Unconfirmed requests are removed after ``CONFIRM_DAYS``; unfollowing deletes the row.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import MailKind


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Follower(models.Model):
    rw = models.ForeignKey(
        "areas.Area",
        verbose_name=_("RW"),
        on_delete=models.CASCADE,
        related_name="followers",
        limit_choices_to={"level": "rw"},
    )
    email_sealed = models.TextField(_("e-mail address (encrypted)"), editable=False)
    email_digest = models.CharField(_("e-mail look-up hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # When the confirmation mail went out (claimed by the sweep); cleared to send it again.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["rw", "email_digest"],
                name="follower_once_per_rw",
                violation_error_message=_("This address already follows this RW."),
            )
        ]
        indexes = [models.Index(fields=["rw", "confirmed_at"], name="follower_rw_confirmed_idx")]

    def __str__(self) -> str:
        return f"{self.rw_id} · {self.pk}"


class FollowerMail(models.Model):
    """One mail of one kind about one session to one follower: the key that makes the sweeps
    idempotent (claimed before sending, in the same transaction)."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="mails")
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=MailKind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mail to a follower")
        verbose_name_plural = _("mails to followers")
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "session", "kind"],
                name="follower_mail_once",
                violation_error_message=_("This mail was sent already."),
            ),
            models.CheckConstraint(condition=Q(kind__in=MailKind.values), name="follower_mail_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.session_id} · {self.follower_id}"
