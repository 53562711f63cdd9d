"""Who may use the dashboard: asked by its views and exports, by the navigation bar and (next) by
the API. What each user then sees in it is the scoping rule's business (``visible_to(user)``)."""


def can_see_dashboard(user) -> bool:
    """Commanders, Binmas scheduling staff and administrators, each for his own jurisdiction; a
    Bhabinkamtibmas works from his inbox and session list instead, and a visitor signs in first."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_administrator or user.is_commander or user.is_scheduler
