from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    POLDA = "polda", _("Polda (regional police)")
    POLRES = "polres", _("Polres (city/regency police)")
    POLSEK = "polsek", _("Polsek (district police)")


# Which kind of unit may sit under which.
CHILD_KIND = {UnitKind.POLDA: UnitKind.POLRES, UnitKind.POLRES: UnitKind.POLSEK}


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COMMANDER = "commander", _("Commander")
    SCHEDULER = "scheduler", _("Binmas scheduling staff")
    BHABINKAMTIBMAS = "bhabinkamtibmas", _("Bhabinkamtibmas")


class ResetStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    FAILED = "failed", _("Failed")
