"""The signed-in user's API tokens: create (the token is shown once), list, revoke."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import TokenForm
from .models import ApiToken

# Where a new token's secret waits, in the session, for the one page that shows it.
SHOW_ONCE_SESSION_KEY = "api_tokens_show_once"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request):
    """POST/redirect/GET: the new secret waits in the session for the next page, which shows it
    once and forgets it, so reloading that page neither creates another token nor shows it again."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        expires_at = (
            timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on is not None else None
        )
        _token, secret = services.create_api_token(
            user=request.user, name=form.cleaned_data["name"], expires_at=expires_at
        )
        request.session[SHOW_ONCE_SESSION_KEY] = secret
        return redirect("api:tokens")
    secret = request.session.pop(SHOW_ONCE_SESSION_KEY, None) if request.method == "GET" else None
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": ApiToken.objects.filter(user=request.user)},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def revoke(request, pk: int):
    if services.revoke_api_token(user=request.user, pk=pk):
        messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api:tokens")
