from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngopi.dashboard.rules import can_see_dashboard


def navigation(request):
    """The navigation bar's entries for the signed-in user's role (public ones otherwise)."""
    user = getattr(request, "user", None)
    items = [
        (_("Home"), reverse("site:home")),
        (_("Send an aspiration"), "/aspirasi/kirim/"),
        (_("Track"), "/aspirasi/lacak/"),
        (_("Sessions near you"), "/kegiatan/"),
    ]
    if user is not None and user.is_authenticated:
        items = [
            (_("My jurisdiction"), reverse("site:staff_home")),
            (_("Aspirations"), "/staf/aspirasi/"),
            (_("Sessions"), "/staf/kegiatan/"),
            (_("Operations"), "/staf/operasi/"),
        ]
        if can_see_dashboard(user):
            items.append((_("Dashboard"), "/dasbor/"))
        if user.is_staff:
            items.append((_("Administration"), reverse("admin:index")))
    current = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "active": url == current or (url != "/" and current.startswith(url))}
            for label, url in items
        ]
    }
