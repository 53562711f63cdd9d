"""A session's agenda: what carries over to the next session at the same RW.

Each app that owns agenda items registers a source in its ``AppConfig.ready`` (the pattern of
``events.panels`` and ``ngopi.notifications.kinds``; this app imports none of them):

* ``prepare(sessions)`` puts the items due at each session's RW on its agenda, for any number of
  sessions in a fixed number of queries (a serentak batch of thousands of posts included). It is
  idempotent: it only adds the rows that are missing. ``sessions`` is a list of sessions or a
  QuerySet of them (a serentak batch's, never loaded): ``session_ids_sql`` gives a statement the
  ids either way, ``loaded`` the instances.
* ``items(session)`` reads the session's agenda rows of that source as ``AgendaItem``s — code,
  category and a short text safe to read out at the post; never a reporter's identity.
* ``record(session, answers)`` stores what the lead ticked: ``{row_id: (discussed, note)}``.
* ``link(commitment, row_ids)`` (optional) ties a commitment made at the session to items.
* ``clear(sessions)`` (optional) removes the rows nobody has ticked or annotated yet: a session
  moved to another RW drops what its old RW brought before the new RW's items are prepared.

Events registers two sources itself (``commitments`` and ``himbauan``); aspirations adds the
aspirations of the RW. ``session_agenda(session)`` returns the sections in registration order.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet


@dataclass(frozen=True)
class AgendaItem:
    row_id: int  # the id of the agenda row (unique within its source)
    code: str  # e.g. the tracking code, "KOM-12"
    category: str
    text: str  # short and public-safe
    status: str = ""  # the item's own status, as a label
    discussed: bool = False
    note: str = ""
    url: str = ""  # the item's staff page, when there is one


@dataclass(frozen=True)
class AgendaSource:
    code: str
    label: object  # a lazy translation
    items: Callable  # session → list[AgendaItem]
    prepare: Callable  # sessions → None
    record: Callable  # (session, {row_id: (discussed, note)}) → int (rows changed)
    order: int = 100
    link: Callable | None = None  # (commitment, row_ids) → None: tie a commitment to the items
    clear: Callable | None = None  # sessions → None: drop the rows not ticked or annotated


@dataclass
class AgendaSection:
    code: str
    label: str
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def discussed(self) -> list[AgendaItem]:
        return [item for item in self.items if item.discussed]


_SOURCES: dict[str, AgendaSource] = {}


def register_agenda_source(
    code: str,
    label,
    *,
    items: Callable,
    prepare: Callable,
    record: Callable,
    order: int = 100,
    link: Callable | None = None,
    clear: Callable | None = None,
) -> None:
    """Register (or replace) a source of agenda items; ``link`` when a commitment may be tied to
    the source's items (aspirations: the commitment answers them)."""
    _SOURCES[code] = AgendaSource(
        code=code,
        label=label,
        items=items,
        prepare=prepare,
        record=record,
        order=order,
        link=link,
        clear=clear,
    )


def sources() -> list[AgendaSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.code))


def get_source(code: str) -> AgendaSource | None:
    return _SOURCES.get(code)


def prepare_agendas(sessions: Iterable) -> None:
    """Put on each session's agenda what is due at its RW (adds only the missing rows).
    ``sessions``: session instances, or a QuerySet of sessions, which the sources select in the
    database without loading them (a serentak batch: one INSERT ... SELECT per source)."""
    if not isinstance(sessions, QuerySet):
        sessions = list(sessions)
        if not sessions:
            return
    for source in sources():
        source.prepare(sessions)


def session_ids_sql(sessions) -> tuple[str, list]:
    """SQL selecting the ids of ``sessions`` (for ``id IN (...)`` in a source's statement) and its
    parameters: a QuerySet's own query, or an array of the instances' ids as one parameter."""
    if isinstance(sessions, QuerySet):
        sql, params = sessions.order_by().values("pk").query.sql_with_params()
        return sql, list(params)
    return "SELECT unnest(%s::bigint[])", [[s.pk for s in sessions]]


def loaded(sessions) -> list:
    """The sessions as instances (for the portable code paths): a QuerySet is read."""
    return list(sessions)


def move_agendas(sessions: Iterable) -> None:
    """Sessions moved to another RW: drop the untouched rows their old RW brought, then put on
    each agenda what is due at its new RW (what the lead already ticked or noted stays)."""
    sessions = list(sessions)
    if not sessions:
        return
    for source in sources():
        if source.clear is not None:
            source.clear(sessions)
    prepare_agendas(sessions)


def session_agenda(session) -> list[AgendaSection]:
    """The agenda of the session, one section per source (empty sections included)."""
    return [AgendaSection(code=s.code, label=str(s.label), items=list(s.items(session))) for s in sources()]


def short(text: str, length: int = 160) -> str:
    """The first ``length`` characters of a text, on one line."""
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
