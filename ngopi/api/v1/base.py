from rest_framework import permissions
from rest_framework.views import APIView

from ..language import LanguageMixin


class PublicView(LanguageMixin, APIView):
    permission_classes = [permissions.AllowAny]


class StaffView(LanguageMixin, APIView):
    """Signed in (token or session); what he sees and may do is the apps' rules."""

    permission_classes = [permissions.IsAuthenticated]


def form_errors(form) -> dict:
    """A Django form's errors as the problem document's ``errors`` (``""``: the whole form)."""
    return {
        ("" if field == "__all__" else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }
