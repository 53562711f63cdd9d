from django.http import QueryDict
from rest_framework import exceptions, permissions
from rest_framework.views import APIView

from events.services.common import SchedulingError

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


def form_data(request, lists=()) -> QueryDict:
    """The JSON body as a Django form's data, as a page would post it (``lists``: the fields
    that take several values; nested objects are not form fields and are left out)."""
    payload = request.data if isinstance(request.data, dict) else {}
    data = QueryDict(mutable=True)
    for key, value in payload.items():
        if key in lists:
            data.setlist(key, [str(v) for v in value] if isinstance(value, list) else [])
        elif not isinstance(value, dict | list):
            data[key] = "" if value is None else str(value)
    return data


def valid(form) -> dict:
    """The form's cleaned data, or a 400 problem with its errors."""
    if not form.is_valid():
        raise exceptions.ValidationError(form_errors(form))
    return form.cleaned_data


def scheduling(call):
    """Run a scheduling service; its refusals (a post or officer booked, a name taken) are
    invalid input, as the pages show them on the form."""
    try:
        return call()
    except SchedulingError as exc:
        raise exceptions.ValidationError({"": list(getattr(exc, "messages", [str(exc)]))}) from None
