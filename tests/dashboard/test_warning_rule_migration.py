"""Migration 0007: the default early-warning rule loses the figures in its name (the warning line
showed them twice); a rule an administrator renamed keeps its name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ngopi.dashboard.models import EarlyWarningRule


@pytest.mark.django_db(transaction=True)
def test_the_default_rule_is_renamed_and_an_admins_name_is_kept(reference_data):
    before = [("dashboard", "0006_open_work_and_early_warning_rollups")]
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()  # every app's latest state, for the tests after this
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("dashboard", "EarlyWarningRule")
    old.objects.all().delete()
    default = old.objects.create(name="Tawuran: 3 informasi dalam 7 hari", kind="tip", threshold=3)
    renamed = old.objects.create(name="Narkoba dekat sekolah", kind="tip", threshold=2)
    MigrationExecutor(connection).migrate(after)
    names = dict(EarlyWarningRule.objects.values_list("pk", "name"))
    assert names == {default.pk: "Tawuran (informasi)", renamed.pk: "Narkoba dekat sekolah"}
