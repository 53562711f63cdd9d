from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngopi.dashboard.rules import can_see_dashboard


def navigation(request):
    """The navigation bar's entries for the signed-in user's role (public ones otherwise)."""
    user = getattr(request, "user", None)
    items = [
        (_("Home"), reverse("site:home")),
        (_("Send an aspiration"), reverse("aspirations:submit")),
        (_("Track"), reverse("aspirations:lookup")),
        (_("Sessions near you"), reverse("events:public_list")),
    ]
    if user is not None and user.is_authenticated:
        items = [
            (_("Today"), reverse("site:staff_home")),
            (_("Aspirations"), reverse("aspirations:inbox")),
            (_("Sessions"), reverse("events:staff_list")),
            (_("Operations"), reverse("events:operation_list")),
        ]
        if can_see_dashboard(user):
            items.append((_("Dashboard"), reverse("dashboard:index")))
        if user.is_staff:
            items.append((_("Administration"), reverse("admin:index")))
    # The current page's entry: the one whose address is the page's or its longest prefix ("/"
    # only for itself). One entry at most: "Today" (/staf/) is a prefix of every staff
    # page but is current only on its own.
    current = request.path
    matches = [url for _label, url in items if url == current or (url != "/" and current.startswith(url))]
    active = max(matches, key=len, default=None)
    return {"nav_items": [{"label": label, "url": url, "active": url == active} for label, url in items]}
