"""Chainable queries of the aspirations' models (``Aspiration.objects.open().visible_to(user)``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ngopi.accounts.scoping import jurisdiction_of

from .enums import OPEN_STATUSES, Kind, Privacy


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class OutcomeCodeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class AspirationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one scoping rule: commanders and staff see the Polsek subtree they command, a
        Bhabinkamtibmas the kelurahan he covers; and whoever is assigned sees what he holds."""
        scope = jurisdiction_of(user)
        condition = scope.q(unit="unit", village="village")
        if scope.everything:
            return self.all()
        if scope.nothing:
            return self.none()
        if not scope.village_scoped:
            # A commander's or staff member's assignments always lie in his subtree (only
            # officers of the responsible Polsek or the units above it can be assigned).
            return self.filter(condition) if condition is not None else self.none()
        mine = Q(assignee=user)
        return self.filter(condition | mine if condition is not None else mine)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def publicly_listed(self):
        """What a public list (Open311's requests.json) may show in full: complaints and
        suggestions whose reporter chose "public". Tips are never listed; confidential and
        anonymous reports are never shown beyond their status (``rules.shown_in_full``)."""
        return self.filter(privacy=Privacy.PUBLIC).exclude(kind=Kind.TIP)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def urgent(self):
        return self.filter(urgent=True)

    def for_list(self):
        return self.select_related(
            "category", "rw", "village", "village__parent", "unit", "assignee", "session", "operation"
        )
