from django.db import migrations


def add_default_rule(apps, schema_editor):
    Category = apps.get_model("aspirations", "Category")
    Rule = apps.get_model("dashboard", "EarlyWarningRule")
    Rollup = apps.get_model("dashboard", "Rollup")
    Rollup.objects.get_or_create(name="weekly_trend")
    tawuran = Category.objects.filter(code="tawuran").first()
    if tawuran is not None and not Rule.objects.exists():
        Rule.objects.create(
            name="Tawuran (informasi)", category=tawuran, kind="tip", threshold=3, window_days=7
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_early_warning_rules_and_trend_rollup"),
        ("aspirations", "0002_default_categories_and_outcomes"),
    ]

    operations = [migrations.RunPython(add_default_rule, migrations.RunPython.noop)]
