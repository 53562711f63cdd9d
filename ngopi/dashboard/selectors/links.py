"""Links from every number to the staff list behind it, with the same filters."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from .filters import DashboardFilters

_PATHS: dict[tuple, str] = {}


def _path(name: str) -> str:
    """``reverse(name)``, remembered: the page links some 200 numbers to two lists."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if key not in _PATHS:
        _PATHS[key] = reverse(name)
    return _PATHS[key]


def list_url(name: str, params: dict) -> str:
    """The list named ``name`` (a URL name) with the given GET parameters (empty ones left out)."""
    clean = {k: v for k, v in params.items() if v not in (None, "", False)}
    return _path(name) + ("?" + urlencode(clean) if clean else "")


def session_url(f: DashboardFilters, *, dated=True, unit=None, **extra) -> str:
    """The staff session list (``/staf/kegiatan/``) with the same filters."""
    params = {
        "unit": (unit or f.unit).pk if (unit or f.unit) else None,
        "area": f.area.pk if f.area else None,
        "operation": f.operation.pk if f.operation else None,
    }
    if dated:
        params |= {"date_from": f.date_from.isoformat(), "date_to": f.date_to.isoformat()}
    return list_url("events:staff_list", params | extra)


def commitment_url(f: DashboardFilters, *, unit=None, **extra) -> str:
    """The staff commitments list (``/staf/komitmen/``) with the same filters; the period is the
    commitments' due date."""
    params = {
        "unit": (unit or f.unit).pk if (unit or f.unit) else None,
        "area": f.area.pk if f.area else None,
        "operation": f.operation.pk if f.operation else None,
        "due_from": f.date_from.isoformat(),
        "due_to": f.date_to.isoformat(),
    }
    return list_url("events:commitment_list", params | extra)


def inbox_url(f: DashboardFilters, *, dated=True, unit=None, keep_category=True, **extra) -> str:
    """The staff inbox (``/staf/aspirasi/``) with the same filters.

    ``date_from``/``date_to`` (received, WIB days), ``verification``, ``outcome``, ``rated`` and
    ``resolved_from``/``resolved_to`` are sent too: the inbox does not offer them yet (see
    docs/dashboard.md), so until it does a list reached through a dated link shows every date.
    """
    params = {
        "unit": (unit or f.unit).pk if (unit or f.unit) else None,
        "area": f.area.pk if f.area else None,
        "category": f.category.pk if (keep_category and f.category) else None,
        "operation": f.operation.pk if f.operation else None,
    }
    if dated:
        params |= {"date_from": f.date_from.isoformat(), "date_to": f.date_to.isoformat()}
    return list_url("aspirations:inbox", params | extra)


@dataclass
class Figure:
    """A number on the page and the list behind it (``url``), with a label and a key for tests."""

    value: object
    url: str
    label: str = ""
    key: str = ""
