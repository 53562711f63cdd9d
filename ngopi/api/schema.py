"""How the schema describes our authentication (imported by ``ApiConfig.ready``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "ngopi.api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (`ngk_…`)."}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "ngopi.api.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The app's own pages (CSRF on writes).",
        }
