"""Personal API tokens: ``Authorization: Bearer ngk_…`` (or ``Token ngk_…``). The request acts
as the token's user: his scope, his rules, his name in every audit row."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from . import services


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer, nothing else."))
        try:
            secret = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from None
        token = services.find_token(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This API token is not valid, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The app's own pages: the browser's session, with CSRF on every write (DRF's own check)."""
