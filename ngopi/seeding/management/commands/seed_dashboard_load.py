from django.core.management.base import BaseCommand

from ngopi.seeding.load import activity as load_activity


class Command(BaseCommand):
    help = (
        "Scale data for the dashboard benchmark: the seed_load Polda plus aspirations and sessions "
        "over the last years (COPY on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--aspirations", type=int, default=1_000_000)
        parser.add_argument("--sessions", type=int, default=50_000)
        parser.add_argument("--days", type=int, default=3 * 365, help="Spread over this many past days.")
        parser.add_argument("--prefix", default="load")

    def handle(self, *args, **options):
        created = load_activity.seed_dashboard_load(
            aspirations=options["aspirations"],
            sessions=options["sessions"],
            days=options["days"],
            prefix=options["prefix"],
        )
        self.stdout.write(", ".join(f"{v} {k}" for k, v in created.items()))
