"""Keyset pagination: pages stay fast however deep, because each page starts from an index
position ("after this row") instead of an OFFSET that makes the database count past rows."""

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value


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
    values = _typed(queryset, fields, _decode(after, fields)) if after else None
    if values is not None and (row := _row_comparison(queryset, fields, values)) is not None:
        # The page's keys first, in a query of their own (an index range scan the LIMIT stops),
        # then the rows with their joins by primary key. In one statement PostgreSQL estimates
        # the row comparison at one row and joins everything past the cursor before it sorts
        # (bench/api.py, 1,000,000 rows: 5–10 s; so: a few milliseconds, one query more).
        keys = queryset.filter(row).select_related(None).order_by(*fields).values_list("pk", flat=True)
        queryset = queryset.filter(pk__in=list(keys[: size + 1]))
    elif values is not None:
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


def _typed(queryset: QuerySet, fields: list[str], values: list | None) -> list | None:
    """The cursor's values as the model's fields take them; ``None`` (the first page) when one
    is not of its field's type: a forged or stale cursor starts over instead of failing."""
    if values is None:
        return None
    typed = []
    for name, value in zip(fields, values, strict=True):
        if "__" in name:
            typed.append(value)
            continue
        try:
            typed.append(queryset.model._meta.get_field(name.lstrip("-")).to_python(value))
        except (FieldDoesNotExist, ValidationError, TypeError, ValueError):
            return None
    return typed


def _row_comparison(queryset: QuerySet, fields: list[str], values: list):
    """``(a, b, c) < (x, y, z)``, a row comparison (PostgreSQL and SQLite), when every key runs
    the same way and is a column of the model itself: the database starts an index range scan
    right at the cursor, however the keys are spread (a boolean leading key, "urgent first",
    bounds nothing on its own). ``None`` when the keys are mixed or reach through a relation
    (then the OR form is used)."""
    directions = {name.startswith("-") for name in fields}
    if len(directions) != 1 or any("__" in name for name in fields):
        return None
    model_fields = [queryset.model._meta.get_field(name.lstrip("-")) for name in fields]
    typed = values  # already typed by ``_typed``
    keys = Func(*(F(f.name) for f in model_fields), function="")
    cursor = Func(*(Value(v, output_field=f) for f, v in zip(model_fields, typed, strict=True)), function="")
    op = " < " if directions == {True} else " > "
    return Func(keys, cursor, template="%(expressions)s", arg_joiner=op, output_field=BooleanField())


def _attr(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
