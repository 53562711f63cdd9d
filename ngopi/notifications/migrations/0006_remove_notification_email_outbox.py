from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0005_deliveries_from_email_outbox"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_status_known',
        ),
        migrations.RemoveIndex(
            model_name='notification',
            name='notification_email_due_idx',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='claimed_at',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='claimed_by',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='email_attempts',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='email_sent_at',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='email_status',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='last_error',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='next_attempt_at',
        ),
    ]
