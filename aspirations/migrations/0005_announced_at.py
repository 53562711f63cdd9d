from django.db import migrations, models


class Migration(migrations.Migration):
    """Aspirations get ``announced_at``: the public form no longer writes the "assigned to you"
    notification itself; a task announces new aspirations within the minute. Everything already
    stored was announced when it was submitted."""

    dependencies = [
        ("aspirations", "0004_open_work_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="aspiration",
            name="announced_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="announced at"),
        ),
        migrations.RunSQL(
            "UPDATE aspirations_aspiration SET announced_at = created_at", reverse_sql=migrations.RunSQL.noop
        ),
        migrations.AddIndex(
            model_name="aspiration",
            index=models.Index(
                condition=models.Q(("announced_at__isnull", True)), fields=["id"], name="aspiration_unannounced_idx"
            ),
        ),
    ]
