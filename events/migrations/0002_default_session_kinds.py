from django.db import migrations

DEFAULT_KINDS = ["Ngopi Kamtibmas", "Jumat Curhat"]


def add_kinds(apps, schema_editor):
    SessionKind = apps.get_model("events", "SessionKind")
    for name in DEFAULT_KINDS:
        SessionKind.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_sessions")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
