"""Writes for people and police units, and the sign-in pages' e-mails."""

import logging
import math
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from ngopi.core import queue, tree

from .enums import CHILD_KIND, ResetStatus, Role, UnitKind
from .models import PasswordResetRequest, PoliceUnit, User

log = logging.getLogger(__name__)


class SecondFactorThrottled(Exception):
    """django-otp makes a device wait after a wrong code (1, 2, 4 … seconds): the code was not
    checked at all, so the user is told to wait, not that it is wrong."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def _wait_of(device) -> int | None:
    """Whole seconds ``device`` still refuses to check a code, or None when it checks."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1


def _fits(device, token: str) -> bool:
    """Whether ``token`` has the shape of the device's codes: an app's are ``digits`` digits
    (6), a recovery code is eight letters and digits."""
    digits = getattr(device, "digits", None)
    return token.isdigit() and len(token) == digits if digits else len(token) != 6 or not token.isdigit()


class UnitTreeError(ValueError):
    pass


def _check_parent(kind: str, parent: PoliceUnit | None) -> None:
    from django.utils.translation import gettext as _

    if kind == UnitKind.POLDA:
        if parent is not None:
            raise UnitTreeError(_("A Polda is a top-level unit and has no parent."))
        return
    if parent is None or CHILD_KIND.get(parent.kind) != kind:
        raise UnitTreeError(_("A Polres belongs under a Polda and a Polsek under a Polres."))


@transaction.atomic
def create_unit(*, name: str, code: str, kind: str, parent: PoliceUnit | None = None, **fields) -> PoliceUnit:
    _check_parent(kind, parent)
    unit = PoliceUnit(name=name, code=code, kind=kind, **fields)
    tree.place(unit, parent)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def save_unit(*, unit: PoliceUnit) -> PoliceUnit:
    """Save an edited unit; a changed parent moves its whole subtree (admin uses this)."""
    _check_parent(unit.kind, unit.parent)
    if unit.pk is None:
        tree.place(unit, unit.parent)
        unit.save()
        return unit
    stored = PoliceUnit.objects.select_for_update().get(pk=unit.pk)
    new_parent = unit.parent
    if stored.parent_id != unit.parent_id:
        if new_parent is not None and new_parent.path.startswith(stored.path):
            from django.utils.translation import gettext as _

            raise UnitTreeError(_("A unit cannot be moved under itself."))
        unit.path, unit.depth = stored.path, stored.depth
        tree.move(unit, new_parent)
    else:
        unit.path, unit.depth = stored.path, stored.depth
    unit.save()
    return unit


# Default Django permissions per role. The admin may adjust the groups afterwards;
# ``sync_role_groups`` only adds what is missing.
ROLE_GROUP_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: [
        "accounts.add_policeunit",
        "accounts.change_policeunit",
        "accounts.view_policeunit",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "areas.add_area",
        "areas.change_area",
        "areas.view_area",
        "areas.add_post",
        "areas.change_post",
        "areas.delete_post",
        "areas.view_post",
    ],
    Role.COMMANDER: ["accounts.view_policeunit", "accounts.view_user", "areas.view_area", "areas.view_post"],
    Role.SCHEDULER: ["accounts.view_policeunit", "accounts.view_user", "areas.view_area", "areas.view_post"],
    Role.BHABINKAMTIBMAS: ["areas.view_area", "areas.view_post"],
}


def role_group(role: str) -> Group:
    """The permission group of a role, named by the role's code (stable across languages)."""
    group, _created = Group.objects.get_or_create(name=Role(role).value)
    return group


def sync_role_groups() -> None:
    """Create the role groups and add their default permissions (never removes any)."""
    from django.contrib.auth.models import Permission

    for role, perms in ROLE_GROUP_PERMISSIONS.items():
        group = role_group(role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*wanted)


@transaction.atomic
def set_role(*, user: User, role: str) -> User:
    """Give the user a role and the matching permission group (and only that role's group)."""
    user.role = role
    user.is_staff = role == Role.ADMINISTRATOR or user.is_superuser
    user.save(update_fields=["role", "is_staff"])
    user.groups.remove(*user.groups.filter(name__in=Role.values))
    user.groups.add(role_group(role))
    return user


@transaction.atomic
def create_officer(
    *,
    username: str,
    password: str,
    role: str,
    unit: PoliceUnit | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    rank: str = "",
    nrp: str = "",
    position: str = "",
    phone: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        role=role,
        unit=unit,
        first_name=first_name,
        last_name=last_name,
        email=email,
        rank=rank,
        nrp=nrp,
        position=position,
        phone=phone,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    user.save()
    return set_role(user=user, role=role)


# --- Password reset: an outbox the worker drains ------------------------------------------

RESET_MAX_ATTEMPTS = 6


@transaction.atomic
def request_password_reset(*, email: str, language: str) -> PasswordResetRequest:
    """Queue a reset e-mail for ``email``. Whether an account uses it is not looked at here:
    the page does the same work, and takes the same time, for every address."""
    row = PasswordResetRequest.objects.create(email=email, language=language, next_attempt_at=timezone.now())
    transaction.on_commit(_kick_password_resets)
    return row


def _kick_password_resets() -> None:
    from .tasks import send_password_resets as task

    queue.publish(
        task, what="password reset", fallback="the sweep will send it within a minute of its return"
    )


def _claim_password_resets(limit: int) -> list[int]:
    now = timezone.now()
    lease = now - timedelta(seconds=settings.NGOPI_EMAIL_CLAIM_LEASE_SECONDS)
    with transaction.atomic():
        due = PasswordResetRequest.objects.filter(
            status=ResetStatus.PENDING, next_attempt_at__lte=now
        ) | PasswordResetRequest.objects.filter(status=ResetStatus.SENDING, claimed_at__lt=lease)
        ids = list(
            due.order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        PasswordResetRequest.objects.filter(pk__in=ids).update(status=ResetStatus.SENDING, claimed_at=now)
    return ids


def send_password_resets(*, limit: int = 50) -> int:
    """Look up the queued addresses and e-mail each matching account a reset link (none for an
    unknown address). A sent request is deleted, address and all; a failed one is tried again
    later. Returns how many requests were done."""
    from .forms import ResetLinkMailer

    site = urlsplit(settings.NGOPI_SITE_URL)
    done = 0
    for row in PasswordResetRequest.objects.filter(pk__in=_claim_password_resets(limit)):
        mailer = ResetLinkMailer(data={"email": row.email})
        try:
            if mailer.is_valid():
                mailer.save(domain_override=site.netloc, use_https=site.scheme == "https")
        except (smtplib.SMTPException, OSError) as exc:
            attempts = row.attempts + 1
            failed = attempts >= RESET_MAX_ATTEMPTS
            PasswordResetRequest.objects.filter(pk=row.pk, status=ResetStatus.SENDING).update(
                status=ResetStatus.FAILED if failed else ResetStatus.PENDING,
                email="" if failed else row.email,
                attempts=attempts,
                next_attempt_at=timezone.now() + timedelta(seconds=30 * 2**attempts),
                claimed_at=None,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            continue
        PasswordResetRequest.objects.filter(pk=row.pk, status=ResetStatus.SENDING).delete()
        done += 1
    return done


# --- Lockout notice ------------------------------------------------------------------------

LOCKED_KIND = "account.locked"


@transaction.atomic
def notify_account_locked(*, username: str, ip_address: str) -> int:
    """Tell the account's owner and every administrator that repeated failed sign-ins (from any
    addresses) locked the account: once per lock, however many attempts follow it. Returns how
    many notifications were created (none for a username no account has)."""
    from axes.models import AccessAttempt
    from django.db.models import Count, Q, Sum
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    from ngopi.notifications.models import Notification
    from ngopi.notifications.services import Message, notify

    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        return 0
    now = timezone.now()
    cooloff = settings.AXES_COOLOFF_TIME
    if Notification.objects.filter(recipient=user, kind=LOCKED_KIND, created_at__gte=now - cooloff).exists():
        return 0  # this lock was announced already
    tried = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - cooloff).aggregate(
        failures=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True)
    )
    failures, addresses = tried["failures"] or 0, tried["addresses"] or 1
    if failures < settings.AXES_FAILURE_LIMIT:
        return 0  # the address was locked out (failures on many accounts), not this account
    key = f"{LOCKED_KIND}:{user.pk}:{now:%Y%m%d%H%M%S}"

    def until() -> str:
        return date_format(timezone.localtime(now + cooloff), "j F Y, H:i") + " WIB"

    def to_owner():
        return (
            _("Your account was locked after failed sign-ins"),
            _(
                "%(failures)s failed sign-ins to your account %(username)s, from %(addresses)s "
                "address(es), locked it until %(until)s. If it was not you, someone may be guessing "
                "your password: reset it by e-mail or change it once the lock ends. An administrator "
                "can unlock the account sooner."
            )
            % {"failures": failures, "username": username, "addresses": addresses, "until": until()},
        )

    def to_administrator():
        return (
            _("Account %(username)s locked after failed sign-ins") % {"username": username},
            _(
                "%(failures)s failed sign-ins from %(addresses)s address(es), the last from "
                "%(ip)s, locked the account %(username)s (%(name)s) until %(until)s. To unlock it "
                "sooner, delete its access attempts in the administration site."
            )
            % {
                "failures": failures,
                "addresses": addresses,
                "ip": ip_address or "?",
                "username": username,
                "name": str(user),
                "until": until(),
            },
        )

    administrators = User.objects.filter(Q(is_superuser=True) | Q(role=Role.ADMINISTRATOR), is_active=True)
    admin_url = reverse("admin:axes_accessattempt_changelist") + "?" + urlencode({"username": username})
    return notify(
        [
            Message(
                recipient=user,
                kind=LOCKED_KIND,
                key=key,
                render=to_owner,
                url=reverse("password_reset"),
                urgent=True,
            ),
            *(
                Message(
                    recipient=admin,
                    kind=LOCKED_KIND,
                    key=key,
                    render=to_administrator,
                    url=admin_url,
                    urgent=True,
                )
                for admin in administrators.exclude(pk=user.pk)
            ),
        ]
    )


# --- Two-factor sign-in -----------------------------------------------------------------------

RECOVERY_CODES = 10


@transaction.atomic
def start_totp_setup(*, user: User):
    """The authenticator-app device being set up: the one already started, or a new secret.
    A confirmed device the user has keeps working until the new one is confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_setup(*, user: User, token: str) -> list[str] | None:
    """Check a code from the app being set up; if right, it becomes the user's one authenticator
    and he gets new recovery codes (returned, to be shown once). None if the code is wrong;
    ``SecondFactorThrottled`` right after a wrong one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is not None and (wait := _wait_of(device)) is not None:
        raise SecondFactorThrottled(wait)
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return regenerate_recovery_codes(user=user)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; each works once."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(*, user: User, token: str):
    """The device that accepts ``token`` (an app code, or a recovery code, used up), or None.
    django-otp throttles each device after failures: when no device accepted the code and one of
    them did not check it for that reason, ``SecondFactorThrottled`` says how long to wait."""
    from django_otp import devices_for_user

    token = "".join(token.split()).replace("-", "").lower()
    if not token:
        return None
    waits = []
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not _fits(device, token):
                continue  # a recovery code is not tried as an app code (and so does not slow it)
            if (wait := _wait_of(device)) is not None:
                waits.append(wait)
            elif device.verify_token(token):
                return device
    if waits:
        raise SecondFactorThrottled(max(waits))
    return None


@transaction.atomic
def disable_two_factor(*, user: User) -> None:
    """Remove the user's authenticator and recovery codes."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
