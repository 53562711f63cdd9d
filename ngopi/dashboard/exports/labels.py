"""The names behind the ids of an export's rows, read chunk by chunk: one query per kind of name
for the ids a chunk meets for the first time, instead of a join per row. Maps that grow past
``LIMIT`` names (sessions, over a long export) are emptied, so memory stays flat."""

from dataclasses import dataclass

from aspirations.models import Category, OutcomeCode
from events.models import Operation, Session
from ngopi.accounts.models import PoliceUnit
from ngopi.areas.models import Area

from .cells import text

LIMIT = 50_000

# Position of each id in an export row (``exports.FIELDS``) and where its name comes from.
SOURCES = {
    "category": (4, Category, "name"),
    "rw": (8, Area, "name"),
    "village": (9, Area, "name"),
    "unit": (10, PoliceUnit, "name"),
    "operation": (11, Operation, "name"),
    "session": (12, Session, "title"),
    "outcome": (16, OutcomeCode, "name"),
}


@dataclass
class Names:
    category: dict
    rw: dict
    village: dict
    unit: dict
    operation: dict
    session: dict
    outcome: dict


class Labels:
    def __init__(self):
        self.maps = {key: {} for key in SOURCES}

    def for_chunk(self, chunk: list[tuple]) -> Names:
        for key, (position, model, field) in SOURCES.items():
            names = self.maps[key]
            missing = {row[position] for row in chunk} - names.keys()
            missing.discard(None)
            if not missing:
                continue
            if len(names) + len(missing) > LIMIT:
                names.clear()
                missing = {row[position] for row in chunk} - {None}
            found = dict(model.objects.filter(pk__in=missing).values_list("pk", field))
            names.update((pk, text(found.get(pk, ""))) for pk in missing)
        return Names(**self.maps)
