import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from ngopi.core.keys import require_identity_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngopi.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (configured by get_wsgi_application)

# Commands that sign and seal nothing run without keys; serving the site never does.
if not settings.SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
require_identity_keys(settings.NGOPI_IDENTITY_KEYS)
