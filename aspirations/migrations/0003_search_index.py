"""Full-text search index, on PostgreSQL only (SQLite searches with LIKE instead).

The expression is the one ``SearchVector("search_document", config="simple")`` generates, so the
inbox search (selectors._search) uses the index.
"""

from django.db import migrations

INDEX = "aspiration_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON aspirations_aspiration USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0002_default_categories_and_outcomes")]
    operations = [migrations.RunPython(create, drop)]
