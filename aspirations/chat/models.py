"""The chat's rows: one conversation per number and channel, and the link from an aspiration
reported by chat to that conversation (for updates in the chat)."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long an unfinished report waits for the resident's next message.
CONVERSATION_LIFETIME = timedelta(days=1)


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class ChatState(models.TextChoices):
    IDLE = "idle", _("Idle")
    KIND = "kind", _("Kind")
    CATEGORY = "category", _("Category")
    DESCRIPTION = "description", _("What happened")
    AREA = "area", _("RW")
    AREA_CHOICE = "area_choice", _("RW choice")
    LOCATION = "location", _("Exact place")
    WHEN = "when", _("When")
    PHOTOS = "photos", _("Photos")
    URGENT = "urgent", _("Urgency")
    PRIVACY = "privacy", _("Privacy")
    NAME = "name", _("Name")
    UPDATES = "updates", _("Updates in the chat")


class ChatConversation(models.Model):
    """A resident's number on one channel: where his report stands, in which language, and
    whether he stopped all messages. The number is sealed like every reporter identity
    (``aspirations/identity.py``) and found by a keyed hash (``numbers.py``)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    number_hash = models.CharField(_("number (keyed hash)"), max_length=64, editable=False)
    number_sealed = models.TextField(_("number (sealed)"), editable=False)
    state = models.CharField(_("state"), max_length=20, choices=ChatState.choices, default=ChatState.IDLE)
    answers = models.JSONField(_("answers so far"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=5, default="id")
    # The aspiration whose officer's question the next free text answers (when idle).
    answering = models.ForeignKey(
        "aspirations.Aspiration", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_message_id = models.CharField(_("last message id"), max_length=128, blank=True, editable=False)
    stopped_at = models.DateTimeField(_("messages stopped at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("chat conversation")
        verbose_name_plural = _("chat conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "number_hash"],
                name="chatconversation_one_per_number",
                violation_error_message=_("This number already has a conversation on this channel."),
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="chatconversation_channel_known",
                violation_error_message=_("Unknown chat channel."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=ChatState.values),
                name="chatconversation_state_known",
                violation_error_message=_("Unknown conversation state."),
            ),
        ]
        indexes = [models.Index(fields=["updated_at"], name="chatconversation_updated_idx")]

    def __str__(self) -> str:
        return f"{self.channel} · {self.pk}"

    def expired(self, now=None) -> bool:
        return (now or timezone.now()) - self.updated_at >= CONVERSATION_LIFETIME


class ChatReport(models.Model):
    """An aspiration reported by chat: officers' questions and public updates go back to the
    conversation when the reporter opted in (and has not stopped messages)."""

    aspiration = models.OneToOneField(
        "aspirations.Aspiration", on_delete=models.CASCADE, related_name="chat_report"
    )
    conversation = models.ForeignKey(ChatConversation, on_delete=models.CASCADE, related_name="reports")
    updates = models.BooleanField(_("updates in the chat"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("aspiration reported by chat")
        verbose_name_plural = _("aspirations reported by chat")

    def __str__(self) -> str:
        return f"{self.aspiration_id} ← {self.conversation_id}"
