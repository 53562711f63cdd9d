"""An aspiration on a session's agenda: brought back to the RW where it was raised."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .aspirations import Aspiration


class AgendaAspiration(models.Model):
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="agenda_aspirations")
    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="agenda_rows")
    discussed = models.BooleanField(_("discussed"), default=False)
    answer = models.TextField(_("answer given"), blank=True)

    class Meta:
        verbose_name = _("aspiration on an agenda")
        verbose_name_plural = _("aspirations on agendas")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "aspiration"],
                name="agenda_aspiration_once",
                violation_error_message=_("This aspiration is already on the session's agenda."),
            )
        ]
        indexes = [models.Index(fields=["aspiration"], name="agenda_aspiration_item_idx")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.aspiration_id}"
