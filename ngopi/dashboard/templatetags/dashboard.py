"""Numbers the Indonesian way (1.234; 45,2%), durations in words, and linked figures."""

from datetime import timedelta

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def num(value, decimals=None):
    if value is None or value == "":
        return "—"
    if decimals is not None:
        value = round(value, int(decimals))
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def pct(share):
    if share is None:
        return "—"
    return number_format(round(share * 100, 1), decimal_pos=1, use_l10n=True, force_grouping=True) + "%"


@register.filter
def duration(value: timedelta | None):
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 1:
        minutes = max(round(hours * 60), 0)
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    if hours < 48:
        return _("%(n)s hours") % {"n": number_format(round(hours, 1), decimal_pos=1, use_l10n=True)}
    return _("%(n)s days") % {"n": number_format(round(hours / 24, 1), decimal_pos=1, use_l10n=True)}


@register.simple_tag
def fig(figure, testid="", label=""):
    """A number that links to the list behind it."""
    if label:
        return format_html(
            '<a class="fig" href="{}" data-testid="{}" title="{}">{}</a>',
            figure.url,
            testid,
            label,
            num(figure.value),
        )
    return format_html(
        '<a class="fig" href="{}" data-testid="{}">{}</a>', figure.url, testid, num(figure.value)
    )
