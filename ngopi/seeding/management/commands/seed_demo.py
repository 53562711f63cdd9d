from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ngopi.seeding import demo


class Command(BaseCommand):
    help = "Load the demo scenario (DESIGN.md §6). Idempotent. Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password; it refuses to run with DEBUG off. "
                "Use --force if you really want demo data here."
            )
        created = demo.seed_demo()
        summary = ", ".join(f"{count} {what}" for what, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({summary} created)."))
        self.stdout.write(
            f"Demo logins (password {demo.DEMO_PASSWORD}): " + ", ".join(u[0] for u in demo.USERS)
        )
        if settings.DEBUG:
            self.stdout.write(
                f"Open311 api_key of the demo civic app ({demo.api.DEMO_APP}): {demo.DEMO_OPEN311_KEY}"
            )
