from rest_framework import exceptions, permissions
from rest_framework.views import APIView

from ..language import LanguageMixin


class PublicView(LanguageMixin, APIView):
    permission_classes = [permissions.AllowAny]


class StaffView(LanguageMixin, APIView):
    """Signed in (token or session); what he sees and may do is the apps' rules."""

    permission_classes = [permissions.IsAuthenticated]


class Unknown(PublicView):
    """Any other path under /api/v1/: a problem document rather than the site's HTML 404 page."""

    schema = None

    def _not_found(self, request, *args, **kwargs):
        raise exceptions.NotFound

    get = post = put = patch = delete = _not_found


def form_errors(form) -> dict:
    """A Django form's errors as the problem document's ``errors`` (``""``: the whole form)."""
    return {
        ("" if field == "__all__" else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }
