# The clear identity columns go, now that 0007 sealed them into ``reporter_identity``; the rule
# "anonymous keeps no identity" now reads the sealed column.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("aspirations", "0007_seal_reporter_identity"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="aspiration",
            name="aspiration_anonymous_keeps_no_identity",
        ),
        migrations.RemoveField(model_name="aspiration", name="reporter_name"),
        migrations.RemoveField(model_name="aspiration", name="reporter_phone"),
        migrations.RemoveField(model_name="aspiration", name="reporter_email"),
        migrations.AddConstraint(
            model_name="aspiration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("privacy", "anonymous"), _negated=True),
                    models.Q(("consent_at__isnull", True), ("reporter_identity", "")),
                    _connector="OR",
                ),
                name="aspiration_anonymous_keeps_no_identity",
            ),
        ),
    ]
