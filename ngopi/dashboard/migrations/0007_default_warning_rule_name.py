from django.db import migrations

# The default rule was named with its own figures ("Tawuran: 3 informasi dalam 7 hari"), which
# the dashboard's warning line then repeated after the count it shows. A rule an administrator
# has renamed keeps its name.
OLD, NEW = "Tawuran: 3 informasi dalam 7 hari", "Tawuran (informasi)"


def rename(apps, schema_editor):
    apps.get_model("dashboard", "EarlyWarningRule").objects.filter(name=OLD).update(name=NEW)


def rename_back(apps, schema_editor):
    apps.get_model("dashboard", "EarlyWarningRule").objects.filter(name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0006_open_work_and_early_warning_rollups")]

    operations = [migrations.RunPython(rename, rename_back)]
