"""Settings for Ngopi Kamtibmas.

Every value comes from the environment with a safe default; docs/settings.md lists them all.
With no environment at all the app runs on the *embedded defaults*: a SQLite file,
Celery on kombu's filesystem transport and e-mail printed to the console.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ngopi.core.keys import identity_keys
from ngopi.core.maps import tile_origin

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NGOPI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105
# With DEBUG off and no SECRET_KEY, commands that sign nothing (makemigrations, check) still run;
# the web application refuses to start (ngopi/wsgi.py) and Django refuses to sign with no key.

# Key rotation (docs/deploy.md): the previous keys, comma-separated, still verify what they
# signed (sign-ins, password-reset links) until removed; new signatures use SECRET_KEY.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ngopi.accounts.admin_site.AdminConfig",  # Django's admin, on a site that asks for the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files (no CDN)
    "ngopi.core",
    "ngopi.accounts",
    "ngopi.areas",
    "ngopi.notifications",
    "ngopi.dashboard",
    "events",
    "aspirations",
    "ngopi.site",
    "ngopi.wilayah",
    "ngopi.seeding",
    "ngopi.api",
]

MIDDLEWARE = [
    "ngopi.core.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files keep their long cache and need no policy), above everything
    # that may fail: error pages, the 503 of a database outage included, get these headers too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "ngopi.site.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ngopi.site.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ngopi.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ngopi.urls"
WSGI_APPLICATION = "ngopi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ngopi.site.context_processors.navigation",
                "ngopi.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: WAL lets the web server, worker and beat share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails the request in seconds (a 503 page), instead
    # of holding a web worker until the operating system gives up.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker ------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")

# Rendered page parts that are the same for every visitor (the public form's, per language),
# kept in each process's memory: no round trip, and unaffected by Redis being down.
FRAGMENTS_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ngopi.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ngopi"),
            # A dead Redis must fail fast: the rate limits then count per process (core/counters.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        },
        "fragments": FRAGMENTS_CACHE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        "fragments": FRAGMENTS_CACHE,
    }

# After the cache fails, rate limits count per process for this long before it is tried again.
NGOPI_CACHE_RETRY_SECONDS = float(os.environ.get("NGOPI_CACHE_RETRY_SECONDS", "5"))

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # The exchange tables: kombu's default is "control" in the working directory, so processes
        # started in different folders would not see each other's bindings (and it lands in git).
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
        "max_retries": 0,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "site:staff_home"
LOGOUT_REDIRECT_URL = "site:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Reset e-mails asked for per client address and per e-mail address in each window (seconds).
NGOPI_PASSWORD_RESET_PER_CLIENT = int(os.environ.get("NGOPI_PASSWORD_RESET_PER_CLIENT", "10"))
NGOPI_PASSWORD_RESET_PER_EMAIL = int(os.environ.get("NGOPI_PASSWORD_RESET_PER_EMAIL", "3"))
NGOPI_PASSWORD_RESET_WINDOW = int(os.environ.get("NGOPI_PASSWORD_RESET_WINDOW", "3600"))

# Ten failed sign-ins for one account, from any addresses, lock the account for 15 minutes; its
# owner and the administrators are told (ngopi.accounts.services.notify_account_locked). Ten
# from one address, to any accounts, lock that address out likewise.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "ngopi.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Behind a reverse proxy set NGOPI_PROXY_COUNT to the number of proxies in front of the app;
# the client address is then read from X-Forwarded-For, right to left (ngopi.core.http).
NGOPI_PROXY_COUNT = int(os.environ.get("NGOPI_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "ngopi.core.http.client_ip"

# Two-factor sign-in (TOTP app plus recovery codes): required of commanders and administrators
# when on (the default with DEBUG off; `make run` has DEBUG on, so the demo logins work), and
# open to every user. The admin site then asks every user for it.
NGOPI_REQUIRE_2FA = env_bool("NGOPI_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Ngopi Kamtibmas"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Language and time ----------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "ngopi_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The most photos any form takes is 5 (a session report); Django parses every file of a request
# before a form can count them, so more than this is refused (400) before any is read.
DATA_UPLOAD_MAX_NUMBER_FILES = 10
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file backend
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ngopi Kamtibmas <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))
# HTTPS only when DEBUG is off; SECURE_SSL_REDIRECT=0 for a plain-HTTP run on loopback. The
# health check answers over plain HTTP too (load balancers probe the backend directly).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HSTS (sent on HTTPS responses only): a year, subdomains included, when DEBUG is off. Preload
# only once the domain is to be submitted to the browsers' preload list.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if NGOPI_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline script or handler (a <script> that must be inline carries nonce="{{ request.csp_nonce }}"),
# no framing. NGOPI_CSP_IMG_SRC adds image sources, e.g. a map's tile server.
NGOPI_CSP_IMG_SRC = env_list("NGOPI_CSP_IMG_SRC")
# The maps' tile server: a URL template ({s} subdomain, {z}/{x}/{y}), e.g.
# https://tile.example.org/{z}/{x}/{y}.png. Empty: the maps draw their offline fallback (markers
# on a blank background, with the list). Its origin is allowed in img-src only when set.
NGOPI_MAP_TILES = os.environ.get("NGOPI_MAP_TILES", "").strip()
NGOPI_MAP_ATTRIBUTION = os.environ.get("NGOPI_MAP_ATTRIBUTION", "").strip()
# Seconds the public RW/kelurahan page's data is kept in the cache (0: read on every request).
NGOPI_AREA_PAGE_CACHE_SECONDS = int(os.environ.get("NGOPI_AREA_PAGE_CACHE_SECONDS", "60"))
if tile_origin(NGOPI_MAP_TILES):
    NGOPI_CSP_IMG_SRC = [*NGOPI_CSP_IMG_SRC, tile_origin(NGOPI_MAP_TILES)]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *NGOPI_CSP_IMG_SRC],  # data: Bootstrap's own icons in its CSS
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): nothing here uses these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# --- Error pages ----------------------------------------------------------------------
# Seconds a 503 page (database unavailable) asks the client to wait (Retry-After).
NGOPI_RETRY_AFTER_SECONDS = int(os.environ.get("NGOPI_RETRY_AFTER_SECONDS", "60"))
CSRF_FAILURE_VIEW = "ngopi.site.errors.csrf_failure"

# --- Forms ------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Notifications ----------------------------------------------------------------------
# The public address e-mails, messages and the printed QR poster link to (no trailing slash).
NGOPI_SITE_URL = os.environ.get("NGOPI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The WhatsApp number residents write to (E.164 digits, e.g. 6281100001110), printed on session
# posters as a QR code that opens the chat with "NGOPI RW <id> KEGIATAN <id>"; empty: no such QR.
WHATSAPP_PUBLIC_NUMBER = "".join(ch for ch in os.environ.get("WHATSAPP_PUBLIC_NUMBER", "") if ch.isdigit())
# Domain of the Message-IDs of notification e-mails.
NGOPI_MAIL_DOMAIN = os.environ.get("NGOPI_MAIL_DOMAIN", "ngopi-kamtibmas.local")
# A worker holds the e-mails it claimed for this long and renews the lease every third of it
# while it sends; a dead worker's claims are taken over by the next sweep (every 60 s) after
# the lease lapses: 45 + 60 s at worst, inside the 2 minutes promised for urgent alerts.
NGOPI_EMAIL_CLAIM_LEASE_SECONDS = int(os.environ.get("NGOPI_EMAIL_CLAIM_LEASE_SECONDS", "45"))
# A dead worker may have handed a message to its provider without recording it. On a channel
# whose provider confirms by a status callback naming the delivery (WhatsApp), that message is
# sent again only if no callback came within this many seconds of the hand-over: the callback
# records it as sent, and the resident gets it once. On other channels it is sent again after the
# lease (at-least-once, with the same Message-ID).
NGOPI_STATUS_CALLBACK_GRACE_SECONDS = int(os.environ.get("NGOPI_STATUS_CALLBACK_GRACE_SECONDS", "90"))
# Reminder and escalation rules the sweeper runs every minute; each returns the due messages.
NGOPI_REMINDER_RULES = [
    "events.reminders.due_messages",
    "aspirations.reminders.due_messages",
    "events.commitment_reminders.due_messages",
]

# --- Chat channels (ngopi/notifications/transports/, docs/whatsapp.md) --------------------------
# WhatsApp Cloud API: off unless the token and the phone number id are set.
WHATSAPP_API_BASE = os.environ.get("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
WHATSAPP_ACCESS_TOKEN = os.environ.get("WHATSAPP_ACCESS_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "")  # signs the webhook's POSTs
WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "")  # the webhook's handshake
# SMS through one HTTP gateway: off unless SMS_GATEWAY_URL is set.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_METHOD = os.environ.get("SMS_METHOD", "POST")
SMS_FORMAT = os.environ.get("SMS_FORMAT", "json")  # json or form (ignored for GET)
SMS_AUTH_HEADER = os.environ.get("SMS_AUTH_HEADER", "Authorization")
SMS_AUTH_VALUE = os.environ.get("SMS_AUTH_VALUE", "")
SMS_TO_FIELD = os.environ.get("SMS_TO_FIELD", "to")
SMS_TEXT_FIELD = os.environ.get("SMS_TEXT_FIELD", "text")
SMS_SENDER_FIELD = os.environ.get("SMS_SENDER_FIELD", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "")
SMS_ID_FIELD = os.environ.get("SMS_ID_FIELD", "id")  # dotted path of the message id in the answer
# An officer's WhatsApp verification code: valid this long, this many codes per hour.
NGOPI_CHANNEL_CODE_MINUTES = int(os.environ.get("NGOPI_CHANNEL_CODE_MINUTES", "10"))
NGOPI_CHANNEL_CODES_PER_HOUR = int(os.environ.get("NGOPI_CHANNEL_CODES_PER_HOUR", "3"))


# --- Reporter identities at rest (aspirations/identity.py, docs/privacy.md) ----------------
# Comma-separated Fernet keys (urlsafe base64 of 32 bytes): the first seals, any of them opens.
# Required with DEBUG off; with DEBUG on and none given, one is made once and kept in
# var/identity.key so that restarts can still open what was sealed.
NGOPI_IDENTITY_KEYS = identity_keys(env_list("NGOPI_IDENTITY_KEYS"), debug=DEBUG, var_dir=VAR_DIR)

# --- API (ngopi/api, docs/api.md, docs/open311.md) ------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ngopi.api.authentication.TokenAuthentication",
        "ngopi.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["ngopi.api.throttling.TokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ngopi.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ngopi Kamtibmas API",
    "DESCRIPTION": "REST API of Ngopi Kamtibmas (docs/api.md). Errors are RFC 9457 problem details.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AspirationKindEnum": "aspirations.enums.Kind",
        "AspirationStatusEnum": "aspirations.enums.Status",
        "PrivacyEnum": "aspirations.enums.Privacy",
        "PriorityEnum": "aspirations.enums.Priority",
        "SessionStatusEnum": "events.enums.SessionStatus",
        "PostKindEnum": "ngopi.areas.enums.PostKind",
        "CommitmentStatusEnum": "events.enums.CommitmentStatus",
        "BatchStatusEnum": "events.enums.BatchStatus",
    },
}
# Requests per minute for each API token (or signed-in user, or address without either).
NGOPI_API_RATE_PER_MINUTE = int(os.environ.get("NGOPI_API_RATE_PER_MINUTE", "120"))
# Open311: service requests a civic app's api_key may post per hour, and reads per minute per address.
NGOPI_OPEN311_POSTS_PER_HOUR = int(os.environ.get("NGOPI_OPEN311_POSTS_PER_HOUR", "60"))
NGOPI_OPEN311_READS_PER_MINUTE = int(os.environ.get("NGOPI_OPEN311_READS_PER_MINUTE", "60"))
# How far (metres) a request's lat/long may be from the nearest post for its RW to be chosen.
NGOPI_OPEN311_MAX_DISTANCE_M = int(os.environ.get("NGOPI_OPEN311_MAX_DISTANCE_M", "1000"))
# The jurisdiction_id this server answers to (any given must match); empty: any is accepted.
NGOPI_OPEN311_JURISDICTION = os.environ.get("NGOPI_OPEN311_JURISDICTION", "")

# --- Dashboard exports (docs/dashboard.md) -----------------------------------------------
# Exports of more rows than this run as a background job with a progress page.
NGOPI_EXPORT_ASYNC_ROWS = int(os.environ.get("NGOPI_EXPORT_ASYNC_ROWS", "20000"))
# A finished export's file is kept this many hours, then deleted.
NGOPI_EXPORT_KEEP_HOURS = int(os.environ.get("NGOPI_EXPORT_KEEP_HOURS", "24"))
# A job with no sign of life for this many minutes (its worker died) is taken up again.
NGOPI_EXPORT_STALE_MINUTES = int(os.environ.get("NGOPI_EXPORT_STALE_MINUTES", "10"))

# --- Health check ------------------------------------------------------------------
HEALTHZ_BROKER_TIMEOUT = float(os.environ.get("HEALTHZ_BROKER_TIMEOUT", "2"))

# One line per event, each with its request id (or Celery task id); tracking codes and other
# private parts of paths are redacted and no client address is logged (docs/logging.md).
NGOPI_LOG_FORMAT = os.environ.get("NGOPI_LOG_FORMAT") or ("text" if DEBUG else "json")
if NGOPI_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("NGOPI_LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "ngopi.core.logging.ContextFilter"}},
    "formatters": {
        "json": {"()": "ngopi.core.logging.JsonFormatter"},
        "text": {"()": "ngopi.core.logging.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": NGOPI_LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (console under DEBUG, runserver's lines, mail to ADMINS) would
        # write unredacted paths: everything goes through the one handler above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"level": "WARNING"},
    },
}
