import time

from django.core.management.base import BaseCommand

from ngopi.seeding.load import activity
from ngopi.seeding.load import units as load


class Command(BaseCommand):
    help = (
        "Scale data for benchmarks: a Polda of generated units, kelurahan, RWs, posts and officers; "
        "with --aspirations/--sessions also aspirations (with follow-ups) and sessions over the last "
        "years, e.g. --aspirations 10000000 --sessions 500000 (progress on stderr)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--polres", type=int, default=10)
        parser.add_argument("--polsek-per-polres", type=int, default=6)
        parser.add_argument("--villages-per-polsek", type=int, default=5)
        parser.add_argument("--rws-per-village", type=int, default=10)
        parser.add_argument("--prefix", default="load", help="Distinguishes several loads in one database.")
        parser.add_argument("--aspirations", type=int, default=0, help="Also load this many aspirations.")
        parser.add_argument("--sessions", type=int, default=0, help="And this many sessions.")
        parser.add_argument("--days", type=int, default=3 * 365, help="Spread over this many past days.")

    def handle(self, *args, **options):
        created = load.seed_units_and_areas(
            polres=options["polres"],
            polsek_per_polres=options["polsek_per_polres"],
            villages_per_polsek=options["villages_per_polsek"],
            rws_per_village=options["rws_per_village"],
            prefix=options["prefix"],
        )
        if options["aspirations"] or options["sessions"]:
            started = time.monotonic()
            self.stderr.ending = ""  # the progress bars rewrite their own line
            created = activity.seed_dashboard_load(
                aspirations=options["aspirations"],
                sessions=options["sessions"],
                days=options["days"],
                prefix=options["prefix"],
                stream=self.stderr,
            )
            self.stderr.write(f"loaded in {time.monotonic() - started:,.0f} s\n")
        self.stdout.write(", ".join(f"{v} {k}" for k, v in created.items()))
