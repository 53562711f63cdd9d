from django.db import models
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Next session announced")
    SUMMARY = "summary", _("Session summary")
