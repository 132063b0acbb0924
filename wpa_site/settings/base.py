"""Settings shared by every environment.

Secure by default: nothing here turns on debugging or carries a secret, and
everything that differs between machines is read from the environment.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from wpa_site.cache.namespace import cache_dir, cache_key_prefix
from wpa_site.cache.redis_outage import redis_cache
from wpa_site.settings.database import database_from_environment
from wpa_site.settings.environment import env_bool, env_int, env_list
from wpa_site.settings.security_headers import PERMISSIONS_POLICY_DENIED_FEATURES, admin_policy, public_page_policy
from wpa_site.translations.machine import machine_translator_from_env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "home.newsletter",
    "news",
    "programs",
    "wpa_site.cache",
    "wpa_site.search",
    "wpa_site.two_factor",
    "wpa_site.backups",
    "wpa_site.outbox",
    # Before wagtail_localize: its admin paths that this app guards answer
    # here first (wpa_site/translations/wagtail_hooks.py).
    "wpa_site.translations",
    # Staff translate pages and snippets side by side with the English, and
    # hand PO files to outside translators (docs/editing.md, "Translating the site").
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Two-factor sign-in for staff (wpa_site/two_factor): authenticator apps and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wpa_site.middleware.RejectMalformedRequestMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "wpa_site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wpa_site.cache.headers.CacheHeadersMiddleware",
    # A stored page is served from here, past nothing but the security
    # headers, the static files and Cache-Control.
    "wpa_site.cache.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the address's: /es/... is Spanish, every other address English.
    "wpa_site.middleware.LanguageFromAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second step.
    "django_otp.middleware.OTPMiddleware",
    # An idle staff session ends before anything else looks at it.
    "wpa_site.staff_sessions.StaffIdleTimeoutMiddleware",
    # A session with only a password reaches no admin page but the second step.
    "wpa_site.two_factor.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "wpa_site.middleware.DatabaseUnavailableMiddleware",
    # Turns the lockout flag that authenticate() sets into the 429 page.
    "axes.middleware.AxesMiddleware",
    "wpa_site.middleware.SiteMiddleware",
]

ROOT_URLCONF = "wpa_site.urls"
WSGI_APPLICATION = "wpa_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_wide_content",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": database_from_environment(DEFAULT_DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Redis may go away: the site serves without it, waiting at most REDIS_TIMEOUT_SECONDS,
# then not trying again for CACHE_RETRY_SECONDS (wpa_site/cache/redis_outage.py).
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "") or 0.25)
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "") or 2)
CACHE_LOG_SECONDS = env_int("CACHE_LOG_SECONDS", 60)
# By default each database has its own Redis keys and folder (wpa_site/cache/namespace.py).
CACHES = {
    "default": redis_cache(
        REDIS_URL,
        cache_key_prefix(DATABASES["default"], os.environ.get("CACHE_KEY_PREFIX", "").strip()),
        REDIS_TIMEOUT_SECONDS,
    )
    if REDIS_URL
    # Files, shared by every worker on the machine; when full the oldest go (cache/file_cache.py).
    else {
        "BACKEND": "wpa_site.cache.file_cache.BoundedFileCache",
        "LOCATION": cache_dir(DATABASES["default"], os.environ.get("CACHE_DIR", "").strip()),
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000), "CULL_FREQUENCY": 3},
    }
}

# Names the running release in the page cache's keys, so that pages rendered
# by the code before a deploy are not served after it; when unset, a digest
# of the source files stands in (wpa_site/cache/release.py).
RELEASE_ID = os.environ.get("RELEASE_ID", "").strip()
# Anonymous visitors get whole pages from the cache; 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60 * 24)
# The site, its settings, the menu and the private sections, remembered by
# each worker until the next change (wpa_site/cache/memory.py); false turns it off.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", True)
# Cache-Control on anonymous visitors' pages (wpa_site/cache/headers.py).
BROWSER_CACHE_SECONDS = env_int("BROWSER_CACHE_SECONDS", 0)
CDN_CACHE_SECONDS = env_int("CDN_CACHE_SECONDS", 300)

# Axes first: it refuses a locked-out username or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username, or from one address, lock that
# username or address out of the admin login for the cool-off period. Attempts
# live in the database, so every gunicorn worker and instance sees them.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Log the address behind each failure (usernames stay masked: people type passwords there).
AXES_SENSITIVE_PARAMETERS = ["username"]
# Behind proxies, REMOTE_ADDR is the proxy: every visitor would share one
# lockout. PROXY_COUNT says how many trusted proxies append to X-Forwarded-For.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "wpa_site.client.client_ip_address"

# Every staff account signs in with a password and a code from an authenticator
# app (or a single-use backup code); production always requires it
# (production.py), development may skip it (dev.py).
STAFF_TWO_FACTOR_REQUIRED = True
WAGTAILADMIN_USER_LOGIN_FORM = "wpa_site.two_factor.forms.StaffLoginForm"
# The name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = "WPA website"
# Axes alone limits guesses, codes and passwords counted together (AXES_*):
# django-otp's own back-off would refuse a right code typed just after a wrong
# one, and count that refusal as another failure.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# A staff session with no request for this long ends; 0 turns it off.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two languages. English is the source and keeps every address as it was;
# Spanish lives under /es/ (wpa_site/urls.py). Interface words (buttons,
# labels, errors) go through Django's translation system, their catalog is
# wpa_site/locale/<language>/LC_MESSAGES/django.po (`make messages`); page
# content and the site-wide texts are translated in the CMS (wagtail-localize).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# "Translate this page" makes a Spanish draft, never a live page: it goes
# live when a Moderator publishes it, as English pages do.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation in the translation editor: DeepL with DEEPL_API_KEY,
# otherwise none, and nothing is ever sent to a translation service.
if _machine_translator := machine_translator_from_env():
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = _machine_translator
LOCALE_PATHS = [PROJECT_DIR / "locale"]
# Where the site's readers are, for Open Graph's locales (en_US, es_US).
OPEN_GRAPH_TERRITORY = os.environ.get("OPEN_GRAPH_TERRITORY", "") or "US"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "") or BASE_DIR / "staticfiles")
if STATIC_ROOT.resolve() == (BASE_DIR / "static").resolve():
    raise ImproperlyConfigured("STATIC_ROOT must not be the source static/ folder.")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "") or BASE_DIR / "media")

# Backups (`make backup`, wpa_site/backups/backups.py): where the archives go, and
# after how many days they are deleted (0 keeps them all).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", "") or BASE_DIR / "backups")
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 14)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on S3-compatible storage (AWS S3, Cloudflare R2, MinIO...) when a
# bucket is named; credentials come from the usual AWS_* variables.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# With no bucket, the site serves uploaded images itself at MEDIA_URL
# (wpa_site/media.py; documents always go through Wagtail's view). A proxy in
# front may take /media/ over; SERVE_MEDIA=false leaves it to the proxy alone.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

# Wagtail's page editor can exceed Django's default of 1,000 fields per form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# A request body larger than this is refused with 400 before any form sees
# it. Public form fields have their own, much smaller, limits; this leaves
# room for long pages in the editor.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Public forms (Connect, newsletter): at most this many posts per address
# (django-ratelimit on the default cache), and a form sent sooner than this
# many seconds after it was shown is asked to be sent again.
PUBLIC_FORM_RATE_LIMIT = os.environ.get("PUBLIC_FORM_RATE_LIMIT", "5/m")
CONNECT_MIN_FILL_SECONDS = env_int("CONNECT_MIN_FILL_SECONDS", 3)

# Where the quick exit leads on the pages built without the database (500,
# 503, the 400 for an unknown host), and the Safety settings' starting
# value; every other page uses the address staff set there. A full address: a bare "weather.com" would be a
# page of this site.
QUICK_EXIT_DEFAULT_URL = os.environ.get("QUICK_EXIT_DEFAULT_URL", "").strip() or "https://weather.com"
if urlsplit(QUICK_EXIT_DEFAULT_URL).scheme not in {"http", "https"} or not urlsplit(QUICK_EXIT_DEFAULT_URL).netloc:
    raise ImproperlyConfigured(f"QUICK_EXIT_DEFAULT_URL must be a full address, not {QUICK_EXIT_DEFAULT_URL!r}.")
# The visitor's address as the admin lockout reads it (PROXY_COUNT).
RATELIMIT_IP_META_KEY = "wpa_site.client.client_ip"
# The counts live in the cache. While it is down a message for help must still
# get through: the honeypot and the minimum fill time still stand guard.
RATELIMIT_FAIL_OPEN = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs. Wagtail's own (search index updates) run at once; outgoing
# email is a job in the database that the `db_worker` process sends and
# retries (see "Outgoing email" in docs/operating.md).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "email": {
        "BACKEND": os.environ.get("EMAIL_QUEUE_BACKEND", "") or "django_tasks_db.DatabaseBackend",
        "QUEUES": ["email"],
    },
}
# An email that the mail server refuses is tried again after this many
# seconds, then twice as long each time up to the maximum, for this many hours.
OUTBOX_RETRY_FIRST_SECONDS = env_int("OUTBOX_RETRY_FIRST_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 60 * 60)
OUTBOX_RETRY_HOURS = env_int("OUTBOX_RETRY_HOURS", 48)
# requeue_stranded_emails queues again an email whose next try is this late.
OUTBOX_STRANDED_MINUTES = env_int("OUTBOX_STRANDED_MINUTES", 10)
# Staff are warned on the dashboard, and /healthz says so, once a message has
# waited this long.
OUTBOX_WARN_AFTER_MINUTES = env_int("OUTBOX_WARN_AFTER_MINUTES", 15)
# A newsletter sign-up's confirmation link works for this many days; sign-ups
# still unconfirmed after that are deleted by purge_expired_submissions.
NEWSLETTER_CONFIRMATION_DAYS = env_int("NEWSLETTER_CONFIRMATION_DAYS", 7)
if NEWSLETTER_CONFIRMATION_DAYS < 1:
    raise ImproperlyConfigured("NEWSLETTER_CONFIRMATION_DAYS must be at least 1.")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "wpa_site.errors.csrf_failure"

# Images and documents on S3 come from the bucket's own origin, which the
# policies below must allow; CSP_MEDIA_ORIGINS names it when it cannot be
# worked out from the storage settings.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
if AWS_STORAGE_BUCKET_NAME and not CSP_MEDIA_ORIGINS:
    _storage = STORAGES["default"]["OPTIONS"]
    if _storage["custom_domain"]:
        CSP_MEDIA_ORIGINS = [f"https://{_storage['custom_domain']}"]
    elif _storage["endpoint_url"]:
        _endpoint = urlsplit(_storage["endpoint_url"])
        CSP_MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
    else:
        CSP_MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if _storage["region_name"]:
            CSP_MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_storage['region_name']}.amazonaws.com")

# The Content-Security-Policy of public pages and of the admin, and the
# Permissions-Policy (wpa_site/settings/security_headers.py).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": public_page_policy(CSP_MEDIA_ORIGINS)}
ADMIN_CSP = admin_policy(CSP_MEDIA_ORIGINS)
PERMISSIONS_POLICY = PERMISSIONS_POLICY_DENIED_FEATURES

# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto header only
# when the operator says the proxy sets it.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs search-index and reference-index updates as tasks; one
        # line per task would drown the log.
        "django_tasks": {"level": "WARNING"},
    },
}

# The admin's name for the site, and the header of the error pages built
# without the database; spelt as the seeded organization name is.
WAGTAIL_SITE_NAME = "Women’s Prison Association"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents go through Wagtail's view (privacy checks, nosniff, a CSP that
# blocks embedded content); only PDFs open in the browser, the rest download.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Every uploaded image needs a description, which Wagtail uses as its alt text.
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.AltTextImageForm"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
WAGTAIL_ENABLE_UPDATE_CHECK = False

# The shared cache in front of the site, purged whenever what visitors see
# changes (wpa_site/cache/frontend_purge.py): Varnish with
# wpa_site/cache/varnish.vcl, reached at FRONTEND_CACHE_LOCATION, or a CDN.
FRONTEND_CACHE = os.environ.get("FRONTEND_CACHE", "").strip().lower()
if FRONTEND_CACHE == "varnish":
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            # Wagtail's HTTPBackend, sent once the change is committed and given up after TIMEOUT seconds.
            "BACKEND": "wpa_site.cache.frontend_purge.HTTPBackend",
            "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", "").strip() or "http://127.0.0.1:6081",
            "TIMEOUT": 2,
        }
    }
elif FRONTEND_CACHE == "cloudflare":
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
            "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
        }
    }
elif FRONTEND_CACHE == "cloudfront":
    WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", ""),
        }
    }
elif FRONTEND_CACHE:
    raise ImproperlyConfigured(f"FRONTEND_CACHE must be varnish, cloudflare or cloudfront, not {FRONTEND_CACHE!r}.")
if FRONTEND_CACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    # Each language's pages are purged by their own addresses; Wagtail's
    # rewriting of /es/ into /en/ would purge addresses the site does not have.
    WAGTAILFRONTENDCACHE_LANGUAGES = []
# Avatars from gravatar.com would send staff email hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
