"""The rules of a resident's report that every door shares: the public form, the submit service,
the API's Open311 intake (and next the WhatsApp bot). One place, so they cannot drift apart."""

from django.utils.translation import gettext as _

from .enums import Privacy


def reporter_fields(
    *, privacy: str, name: str, phone: str, email: str, consent: bool
) -> tuple[str, str, str, bool]:
    """What is kept of the reporter: nothing at all when anonymous, else the trimmed values."""
    if privacy == Privacy.ANONYMOUS:
        return "", "", "", False
    return (name or "").strip(), (phone or "").strip(), (email or "").strip(), bool(consent)


def reporter_problems(*, privacy: str, name: str, phone: str, email: str, consent: bool) -> dict[str, str]:
    """Field → message for each rule the reporter's part breaks (empty: none). Apply
    ``reporter_fields`` first."""
    problems = {}
    if privacy != Privacy.ANONYMOUS and not name:
        problems["name"] = _("Give your name, or choose to stay anonymous.")
    if privacy != Privacy.ANONYMOUS and not consent:
        problems["consent"] = _("We need your consent to keep your name and contact details.")
    return problems
