"""The events rules in templates, so a template never compares roles: ``{% load event_rules %}``."""

from django import template

from .. import rules

register = template.Library()


@register.filter
def can_schedule(user) -> bool:
    """``{% if user|can_schedule %}``: the user may plan sessions, batches and operations."""
    return rules.can_schedule(user)
