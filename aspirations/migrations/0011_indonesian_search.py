"""Indonesian full-text search (aspirations/search.py).

On PostgreSQL: the text search configuration ``ngopi_indonesian`` (a copy of PostgreSQL's
``indonesian`` Snowball stemmer, with ``unaccent`` in front when the extension can be created),
the column ``search_vector`` (the search document as a tsvector) kept by a trigger on every
insert and on every update of ``search_document``, its GIN index, statistics, and the btree
index of the inbox order a search for a common word walks. The ``simple`` expression index of
migration 0003 goes. On SQLite the column stays NULL (search uses LIKE).

A trigger rather than a generated column: a bulk load (``seed_load``) can COPY vectors it
computed once per distinct text (``SET LOCAL ngopi.keep_search_vector = on``), instead of
stemming ten million descriptions.

On a large table the backfill and the two indexes take about a minute per million rows on two
cores; run it in a quiet hour.
"""

import django.contrib.postgres.search
from django.db import migrations, models, transaction

CONFIG = "ngopi_indonesian"
GIN_INDEX = "aspiration_search_vector_gin"
OLD_INDEX = "aspiration_search_gin"
UNINDEXED_STATISTICS = "aspiration_search_unindexed_stx"
FUNCTION = "aspiration_search_vector"
TRIGGER = "aspiration_search_vector_trg"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    try:
        # unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it.
        with transaction.atomic(using=schema_editor.connection.alias):
            run("CREATE EXTENSION IF NOT EXISTS unaccent")
        has_unaccent = True
    except Exception:  # noqa: BLE001 — no privilege: stemming without unaccent still works
        has_unaccent = False
    run(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    run(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.indonesian)")
    if has_unaccent:
        run(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
            "hword, hword_part, word WITH unaccent, indonesian_stem"
        )
    run(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON aspirations_aspiration USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
    )
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def create_trigger_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        # A bulk load that brings the vectors (seed_load) sets ngopi.keep_search_vector for its
        # transaction: the rows keep what they bring.
        f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.search_vector IS NOT NULL "
        "AND current_setting('ngopi.keep_search_vector', true) = 'on' THEN RETURN NEW; END IF; "
        f"NEW.search_vector := to_tsvector('{CONFIG}'::regconfig, COALESCE(NEW.search_document, '')); "
        "RETURN NEW; END $$"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF search_document "
        f"ON aspirations_aspiration FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    schema_editor.execute(
        f"UPDATE aspirations_aspiration SET search_vector = "
        f"to_tsvector('{CONFIG}'::regconfig, COALESCE(search_document, ''))"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON aspirations_aspiration USING gin (search_vector)"
    )
    # ANALYZE keeps the 10 × target commonest words and their frequencies (aspirations.search
    # chooses its plan from them): 10,000 words instead of the default 1,000.
    schema_editor.execute("ALTER TABLE aspirations_aspiration ALTER COLUMN search_vector SET STATISTICS 1000")
    # The same statistics for the form of the vector no index serves (``search.Unindexed``), so the
    # planner knows how many rows a common word keeps when it tests the vector row by row.
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {UNINDEXED_STATISTICS} "
        "ON (COALESCE(search_vector, ''::tsvector)) FROM aspirations_aspiration"
    )
    schema_editor.execute(f"ALTER STATISTICS {UNINDEXED_STATISTICS} SET STATISTICS 1000")


def drop_trigger_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {UNINDEXED_STATISTICS}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON aspirations_aspiration")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0010_agenda_and_public_outcome")]

    operations = [
        migrations.RunPython(create_configuration, drop_configuration),
        migrations.AddField(
            model_name="aspiration",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_trigger_and_index, drop_trigger_and_index),
        migrations.AddIndex(
            model_name="aspiration",
            index=models.Index(fields=["-urgent", "-created_at", "-id"], name="aspiration_urgent_created_idx"),
        ),
    ]
