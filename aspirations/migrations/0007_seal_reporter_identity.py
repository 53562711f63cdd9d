# Reporter identities encrypted at rest: the clear name, phone and e-mail of every existing row
# are sealed into ``reporter_identity`` with the current key of NGOPI_IDENTITY_KEYS (the clear
# columns are dropped by 0008). Going back opens them again with the same keys.

import json

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations, models

BATCH = 1000


def _fernet():
    # The keys as this migration was written against (not aspirations.identity, which may change).
    return MultiFernet([Fernet(key) for key in settings.NGOPI_IDENTITY_KEYS])


def seal_existing(apps, schema_editor):
    Aspiration = apps.get_model("aspirations", "Aspiration")
    rows = (
        Aspiration.objects.exclude(reporter_name="", reporter_phone="", reporter_email="")
        .order_by("pk")
        .only("pk", "reporter_name", "reporter_phone", "reporter_email")
    )
    fernet = None
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        fernet = fernet or _fernet()
        payload = {"n": row.reporter_name, "p": row.reporter_phone, "e": row.reporter_email}
        row.reporter_identity = fernet.encrypt(
            json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        ).decode("ascii")
        batch.append(row)
        if len(batch) >= BATCH:
            Aspiration.objects.bulk_update(batch, ["reporter_identity"])
            batch = []
    Aspiration.objects.bulk_update(batch, ["reporter_identity"])


def open_existing(apps, schema_editor):
    Aspiration = apps.get_model("aspirations", "Aspiration")
    rows = Aspiration.objects.exclude(reporter_identity="").order_by("pk").only("pk", "reporter_identity")
    fernet = None
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        fernet = fernet or _fernet()
        payload = json.loads(fernet.decrypt(row.reporter_identity.encode("ascii")))
        row.reporter_name, row.reporter_phone, row.reporter_email = payload["n"], payload["p"], payload["e"]
        batch.append(row)
        if len(batch) >= BATCH:
            Aspiration.objects.bulk_update(batch, ["reporter_name", "reporter_phone", "reporter_email"])
            batch = []
    Aspiration.objects.bulk_update(batch, ["reporter_name", "reporter_phone", "reporter_email"])


class Migration(migrations.Migration):

    dependencies = [
        ("aspirations", "0006_fewer_write_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="aspiration",
            name="reporter_identity",
            field=models.TextField(blank=True, editable=False, verbose_name="reporter identity (encrypted)"),
        ),
        migrations.RunPython(seal_existing, open_existing, elidable=False),
    ]
