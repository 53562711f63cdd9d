from django.core.management.base import BaseCommand

from ngopi.seeding.load import units as load


class Command(BaseCommand):
    help = "Scale data for benchmarks: a Polda of generated units, kelurahan, RWs, posts and officers."

    def add_arguments(self, parser):
        parser.add_argument("--polres", type=int, default=10)
        parser.add_argument("--polsek-per-polres", type=int, default=6)
        parser.add_argument("--villages-per-polsek", type=int, default=5)
        parser.add_argument("--rws-per-village", type=int, default=10)
        parser.add_argument("--prefix", default="load", help="Distinguishes several loads in one database.")

    def handle(self, *args, **options):
        created = load.seed_units_and_areas(
            polres=options["polres"],
            polsek_per_polres=options["polsek_per_polres"],
            villages_per_polsek=options["villages_per_polsek"],
            rws_per_village=options["rws_per_village"],
            prefix=options["prefix"],
        )
        self.stdout.write(", ".join(f"{v} {k}" for k, v in created.items()))
