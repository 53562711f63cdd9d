"""Keyset pagination: pages stay fast however deep, because each page starts from an index
position ("after this row") instead of an OFFSET that makes the database count past rows."""

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import BooleanField, Field, Func, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan, LessThan


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
        if connection.vendor == "postgresql":
            queryset = queryset.filter(_index_bound(queryset.model, fields, values))
    rows = list(queryset.order_by(*fields)[: size + 1])
    next_token = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_token = _encode([_attr(last, f.lstrip("-")) for f in fields])
    return KeysetPage(rows=rows, next_token=next_token, has_previous=values is not None)


class _Row(Func):
    template = "(%(expressions)s)"
    output_field = Field()


def _index_bound(model, fields: list[str], values: list) -> Q:
    """The cursor as a condition PostgreSQL can start an index scan at (implied by the keyset
    condition, so it changes no result): the row comparison (a, b, c) < (x, y, z) when every key
    is sorted one way. When the leading key is a flag and the cursor is in its last group (the
    inbox: not urgent, i.e. almost every page), the flag is fixed and the comparison covers the
    other keys (a comparison led by the flag would be estimated from the flag alone: no rows)."""
    head = model._meta.get_field(fields[0].lstrip("-"))
    descending = fields[0].startswith("-")
    if isinstance(head, BooleanField) and values[0] is (not descending) and len(fields) > 1:
        if len({f.startswith("-") for f in fields[1:]}) == 1:
            return Q(**{head.name: values[0]}) & _row_bound(model, fields[1:], values[1:])
        return Q(**{head.name: values[0]})
    if len({f.startswith("-") for f in fields}) == 1:
        return _row_bound(model, fields, values)
    return Q()


def _row_bound(model, fields: list[str], values: list) -> Q:
    columns = [name.lstrip("-") for name in fields]
    model_fields = [model._meta.get_field(column) for column in columns]
    keys = _Row(*columns)
    cursor = _Row(*(Value(f.to_python(v), output_field=f) for f, v in zip(model_fields, values, strict=True)))
    return Q((LessThan if fields[0].startswith("-") else GreaterThan)(keys, cursor))


def _attr(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
