from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ngopi.accounts.models import User
from ngopi.api import services


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (the last word of the last line)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py api_token")
        parser.add_argument("--days", type=int, default=0, help="Valid for this many days (0: no expiry).")

    def handle(self, *args, username, name, days, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        expires_at = timezone.now() + timedelta(days=days) if days > 0 else None
        token, secret = services.create_api_token(user=user, name=name, expires_at=expires_at)
        until = f", valid until {timezone.localtime(expires_at):%Y-%m-%d %H:%M} WIB" if expires_at else ""
        self.stdout.write(f"API token {token.pk} for {user.username}{until}. Shown once; stored hashed.")
        self.stdout.write(f"Token: {secret}")
