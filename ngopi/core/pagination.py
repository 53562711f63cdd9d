"""Keyset pagination: pages stay fast however deep, because each page starts from an index
position ("after this row") instead of an OFFSET that makes the database count past rows."""

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet


def _encode(values: list) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(token: str, fields: list[str]) -> list | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(fields):
        return None
    return values


@dataclass
class KeysetPage:
    rows: list
    next_token: str | None
    has_previous: bool

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def keyset_page(queryset: QuerySet, *, fields: list[str], after: str | None, size: int) -> KeysetPage:
    """``fields`` are the ascending (or ``-``descending) sort keys, the last one unique (the pk)."""
    values = _decode(after, fields) if after else None
    if values is not None:
        condition = Q()
        for i, name in enumerate(fields):
            column = name.lstrip("-")
            op = "lt" if name.startswith("-") else "gt"
            step = Q(**{f"{column}__{op}": values[i]})
            for prior, value in zip(fields[:i], values[:i], strict=True):
                step &= Q(**{prior.lstrip("-"): value})
            condition |= step
        # The same bound on the leading key alone lets the database start an index range scan
        # there, instead of evaluating the OR for every row before the cursor.
        first = fields[0]
        bound = {f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]}
        queryset = queryset.filter(**bound).filter(condition)
    rows = list(queryset.order_by(*fields)[: size + 1])
    next_token = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_token = _encode([_attr(last, f.lstrip("-")) for f in fields])
    return KeysetPage(rows=rows, next_token=next_token, has_previous=values is not None)


def _attr(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
