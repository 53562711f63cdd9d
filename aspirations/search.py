"""Full-text search of aspirations: the Indonesian text search configuration and the query.

On PostgreSQL, ``search_document`` (description and exact place) is kept as a ``tsvector`` in
the column ``search_vector`` (written by the trigger of migration 0010 whenever the document is;
a bulk load may bring the vectors itself, as ``seed_load`` does), through the
text search configuration
``ngopi_indonesian`` that migration 0010 creates: PostgreSQL's Snowball ``indonesian`` stemmer
(so "pencurian", "dicuri" and "mencuri" all find "curi") behind ``unaccent`` (so "kafé" finds
"kafe"). The GIN index ``aspiration_search_vector_gin`` serves it. On SQLite (the embedded
default) the column stays empty and every word is matched with LIKE.

The query plan. A GIN index answers "which rows hold this word" in time proportional to how many
do: ideal for a rare word, ruinous for a common one (half the rows at 10 M: seconds), where
walking the inbox order (``aspiration_urgent_created_idx``, or the user's kelurahan) and testing
each row's stored vector (a microsecond) finds a page at once. PostgreSQL's planner, left alone,
gets both wrong now and then (it walks the order for a word it thinks commoner than it is, and
ANDs the GIN bitmap of a common word into a Bhabinkamtibmas' small kelurahan). So the choice is
made here, from the word frequencies ANALYZE keeps for the column (``pg_stats``, which the
migration makes keep up to 10,000 words):

- the rarest word of the query under ``RARE_SHARE`` of the rows: the matching ids are read from
  the GIN index first (at most ``RARE_LIMIT``), and the page is chosen among them;
- otherwise (or when the "rare" word still matched more than ``RARE_LIMIT`` rows) the vector is
  tested row by row, in a form the GIN index does not serve, so the planner walks an order or a
  scope index.
"""

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Func, Q, QuerySet

CONFIG = "ngopi_indonesian"
INDEX = "aspiration_search_vector_gin"
MAX_WORDS = 8
RARE_SHARE = 0.01  # a word in fewer than 1 % of the aspirations is looked up in the GIN index
RARE_LIMIT = 10_000  # … as long as it matches at most this many

FREQUENCIES_SQL = """
SELECT lexeme, COALESCE((
    SELECT s.most_common_elem_freqs[array_position(s.most_common_elems::text::text[], lexeme)]
    FROM pg_stats s
    WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = 'search_vector'
), 0)
FROM unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s))) AS lexeme
"""


def matching(queryset: QuerySet, q: str) -> QuerySet:
    """``queryset`` narrowed to the aspirations whose search document matches ``q`` (web-search
    syntax on PostgreSQL: words, "quoted phrases", -excluded)."""
    if connection.vendor != "postgresql":
        condition = Q()
        for word in q.split()[:MAX_WORDS]:
            condition &= Q(search_document__icontains=word)
        return queryset.filter(condition)
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    frequencies = word_frequencies(queryset.model._meta.db_table, q)
    if frequencies and min(frequencies.values()) < RARE_SHARE:
        ids = list(
            queryset.model.objects.filter(search_vector=query).values_list("pk", flat=True)[: RARE_LIMIT + 1]
        )
        if len(ids) <= RARE_LIMIT:
            return queryset.filter(pk__in=ids)
    return queryset.alias(search_unindexed=Unindexed("search_vector")).filter(search_unindexed=query)


def word_frequencies(table: str, q: str) -> dict[str, float]:
    """The share of rows holding each word of ``q`` (stemmed), from the statistics of the last
    ANALYZE; 0 for a word too rare to be in them."""
    with connection.cursor() as cursor:
        cursor.execute(FREQUENCIES_SQL, [table, CONFIG, q])
        return dict(cursor.fetchall())


class Unindexed(Func):
    """The stored vector in a form no index matches (the planner then tests it row by row)."""

    template = "COALESCE(%(expressions)s, ''::tsvector)"
    output_field = SearchVectorField()
