from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Channel, DeliveryStatus


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user: the in-app inbox row. Each channel it also goes by (e-mail,
    WhatsApp, SMS) has a ``Delivery`` row, the outbox.

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

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class EmailPreference(models.Model):
    """A user's channels for one kind of notification (urgent ones always reach at least one
    channel the user has). Named for its first channel, e-mail; WhatsApp and SMS were added."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(_("kind"), max_length=50)
    email = models.BooleanField(_("send e-mail"), default=True)
    whatsapp = models.BooleanField(_("send WhatsApp"), default=True)
    sms = models.BooleanField(_("send SMS"), default=False)

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


class DeliveryQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)


class Delivery(models.Model):
    """One channel's attempt to deliver one message: a notification's e-mail, WhatsApp or SMS,
    or a chat message to a resident's number (no notification).

    Written in the transaction that causes it; unique per channel, address and key, so writing
    it twice is harmless. Claimed with ``SKIP LOCKED`` under a lease, retried with backoff.
    """

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    key = models.CharField(_("key"), max_length=200)
    urgent = models.BooleanField(_("urgent"), default=False)
    # A chat message's own content (a notification's comes from the notification).
    text = models.TextField(_("text"), blank=True)
    buttons = models.JSONField(_("buttons"), default=list, blank=True)
    reply_to = models.CharField(_("in reply to"), max_length=200, blank=True)
    template = models.CharField(_("template"), max_length=100, blank=True)
    params = models.JSONField(_("template parameters"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    # When the claiming worker began handing it to the provider, on a channel whose provider
    # confirms by a status callback (WhatsApp): set, with the lease renewed, just before the
    # provider is called. A lapsed claim with this set may have gone out.
    handed_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The fallback written when this one failed (urgent alerts: WhatsApp, then SMS, then e-mail).
    fell_back = models.BooleanField(_("fallen back"), default=False)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address", "key"],
                name="delivery_once_per_key",
                violation_error_message=_("This message was already queued for this address."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="delivery_status_known",
                violation_error_message=_("Unknown delivery status."),
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="delivery_channel_known",
                violation_error_message=_("Unknown channel."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due_idx",
                condition=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
            ),
            models.Index(
                fields=["provider_message_id"],
                name="delivery_provider_id_idx",
                condition=~Q(provider_message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address} ({self.get_status_display()})"


class InboundMessage(models.Model):
    """A message received from a chat channel, stored once (by the provider's id) by the
    webhook with its raw JSON; a worker hands it to the registered handlers."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    provider_message_id = models.CharField(_("provider message id"), max_length=200, unique=True)
    sender = models.CharField(_("sender"), max_length=30)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    handled_by = models.CharField(_("handled by"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["sender", "-received_at"], name="inbound_sender_idx"),
            models.Index(
                fields=["next_attempt_at"], name="inbound_pending_idx", condition=Q(processed_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.provider_message_id}"


class ChannelAddress(models.Model):
    """A user's number on a chat channel; used for notifications once verified (a code sent
    through the channel itself, entered on the settings page). The code is stored hashed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_addresses"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("number"), max_length=30)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    code_hash = models.CharField(_("code (hashed)"), max_length=128, blank=True)
    code_expires_at = models.DateTimeField(_("code expires at"), null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    codes_sent = models.PositiveSmallIntegerField(_("codes sent"), default=0)
    codes_window_start = models.DateTimeField(_("codes counted since"), null=True, blank=True)

    class Meta:
        verbose_name = _("channel address")
        verbose_name_plural = _("channel addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "channel"],
                name="channel_address_once",
                violation_error_message=_("This user already has a number for this channel."),
            ),
            models.UniqueConstraint(
                fields=["channel", "address"],
                condition=Q(verified_at__isnull=False),
                name="channel_address_verified_once",
                violation_error_message=_("This number is already verified by another user."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.channel}"
