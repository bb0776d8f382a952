"""Settings for every environment, read from environment variables.

Local defaults are safe for a laptop (SQLite, memory cache). With DJANGO_DEBUG off the
site refuses to start without a DJANGO_SECRET_KEY, and the production hardening applies.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    if (value := os.environ.get(name, default)) is None:
        raise ImproperlyConfigured(f"{name} must be set (see README: Configuration)")
    return value


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_bool(name, default):
    value = env(name, "1" if default else "0").strip().lower()
    if value not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
        raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")
    return value in {"1", "true", "yes", "on"}


DEBUG = env("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key" if DEBUG else None)
if not DEBUG and (len(SECRET_KEY.strip()) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be at least 50 random characters when DJANGO_DEBUG is off; "
        "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else None)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must name the site's host names when DJANGO_DEBUG is off "
        "(comma-separated, e.g. www.osce.org)"
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: taxonomy names and texts in each language
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "newsroom.apps.TagsConfig",  # taggit, labelled "Tags" in the admin
    "csp",
    "newsroom.apps.SignInAttemptsConfig",  # axes
    "reversion",
    "django_prose_editor",  # the admin's rich-text editor: its static files
    "django_tasks",
    "django_tasks_db",
    "osce_site",
    "structures",
    "newsroom",
    "newsroom.importer",
    "library",
    "publications",
    "alerts",
    "api",
]

MIDDLEWARE = [
    "osce_site.middleware.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "osce_site.middleware.query_limits.QueryLimitMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "osce_site.middleware.language.UrlLanguageMiddleware",
    "osce_site.middleware.page_cache.PublicPageCacheMiddleware",
    "osce_site.middleware.rate_limit.RateLimitMiddleware",  # cached pages are cheap: not counted
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "osce_site.middleware.database.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "osce_site.urls"
WSGI_APPLICATION = "osce_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

if REDIS_URL := env("REDIS_URL", ""):
    CACHES = {
        "default": {
            # RedisCache that logs and degrades to cache misses when Redis is down.
            "BACKEND": "osce_site.caching.FaultTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", "osce"),
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
    # News cards (newsroom/summaries.py) under their own prefix, like the locmem alias below.
    CACHES["cards"] = {
        **CACHES["default"],
        "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", "osce") + "-cards",
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # News cards (newsroom/summaries.py), 20 a list page: kept apart, so that they never
        # push pages, counts or versions out of the default's 300 entries.
        "cards": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cards",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Longest life of a cached anonymous page / newsroom count (osce_site/caching.py); 0 turns off.
CACHE_PAGE_SECONDS = int(env("DJANGO_CACHE_PAGE_SECONDS", "300"))
CACHE_COUNT_SECONDS = int(env("DJANGO_CACHE_COUNT_SECONDS", "300"))
# After a content change, anonymous visitors may get the previous page or count for at most
# this many seconds while one worker recomputes it (osce_site/caching.py: the stale bound).
CACHE_STALE_SECONDS = int(env("DJANGO_CACHE_STALE_SECONDS", "10"))
# A shared HTTP cache in front (Varnish with xkey: deploy/varnish/osce.vcl) that the app
# purges by surrogate key on every content change; empty: none (osce_site/surrogate.py).
CACHE_PURGE_URL = env("DJANGO_CACHE_PURGE_URL", "")
# The benchmark's constant page at /bench/baseline/ (bench/run.py turns it on).
BENCH_BASELINE = env("OSCE_BENCH", "0") == "1"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out users/IPs
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The organisation's six official languages (issue 18). English has no URL prefix, the
# others live under /fr/, /de/, …: the URL alone decides (osce_site/middleware/language.py).
# English is the source of every catalogue (locale/).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("ru", "Русский"),
    ("es", "Español"),
]
TIME_ZONE = "Europe/Vienna"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats per language (osce_site/formats/<lang>/formats.py); Django's own elsewhere.
FORMAT_MODULE_PATH = ["osce_site.formats"]
# django-modeltranslation: taxonomy names and texts in every language, English where missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {
        "BACKEND": env("DJANGO_MEDIA_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The image and document library (library/): upload limits, the widths of the renditions
# made with Pillow, the Open Graph crop, and the body cap of the library's admin pages,
# whose oversized files become form errors (the web server's own cap must be higher).
LIBRARY_IMAGE_MAX_BYTES = int(env("DJANGO_IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
LIBRARY_IMAGE_WIDTHS = (480, 960, 1440)
LIBRARY_SOCIAL_CARD_SIZE = (1200, 630)
LIBRARY_DOCUMENT_MAX_BYTES = int(env("DJANGO_DOCUMENT_MAX_BYTES", str(50 * 1024 * 1024)))
LIBRARY_UPLOAD_BODY_MAX_SIZE = int(env("DJANGO_LIBRARY_BODY_MAX_SIZE", str(200 * 1024 * 1024)))
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Served at the site's root (/favicon.ico, /apple-touch-icon.png), where browsers look for them.
WHITENOISE_ROOT = BASE_DIR / "static" / "icons"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True  # tag URLs take ASCII slugs: Priština -> pristina

SITE_NAME = "OSCE"
SITE_URL = env("DJANGO_SITE_URL", "http://127.0.0.1:8000")

# Review notifications (newsroom/editorial/review.py): the console in development.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@osce.org")

# --- Security: see README "Security and operations" ------------------------------------
ADMIN_PATH = env("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Admin sessions end after this long without a request (each request renews the session;
# anonymous visitors have none, so public pages write nothing).
SESSION_COOKIE_AGE = int(env("DJANGO_SESSION_COOKIE_AGE", str(2 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
if proxy_header := env("DJANGO_SECURE_PROXY_SSL_HEADER", ""):  # e.g. X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# Strict CSP everywhere (the admin included): no inline script or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *env_list("DJANGO_CSP_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Click-to-load videos (newsroom/embeds.py): the privacy-enhanced players only.
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "form-action": ["'self'"],
    },
}

# Login protection (django-axes): the fifth wrong password in a row from one IP for one
# username locks that username/IP pair out for the cool-off time.
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = float(env("DJANGO_AXES_COOLOFF_HOURS", "0.5"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "osce_site.errors.lockout_response"
AXES_CLIENT_IP_CALLABLE = "osce_site.middleware.rate_limit.client_ip"
AXES_VERBOSE = False

# Client IP: REMOTE_ADDR, unless this many trusted proxies append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Rate limits per client IP, "requests/seconds", on the expensive public requests.
RATELIMIT_ENABLED = env_bool("DJANGO_RATELIMIT_ENABLED", True)
RATELIMIT_SEARCH = env("DJANGO_RATELIMIT_SEARCH", "30/60")  # any request with q=
RATELIMIT_FEED = env("DJANGO_RATELIMIT_FEED", "60/60")  # feeds with a query string

# Input limits (public query strings; request bodies).
QUERY_STRING_MAX_LENGTH = 2000
QUERY_MAX_PARAMETERS = 30
QUERY_MAX_VALUES_PER_PARAMETER = 20
QUERY_MAX_VALUE_LENGTH = 200
REQUEST_BODY_MAX_SIZE = int(env("DJANGO_REQUEST_BODY_MAX_SIZE", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100  # the admin import takes a folder of dumps at once

# One line per request and per log record on stderr, errors with their traceback: JSON in
# production, readable in development (runserver's own request lines would repeat ours).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "osce_site.middleware.request_log.JsonFormatter"},
        "console": {"()": "osce_site.middleware.request_log.ConsoleFormatter"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "console" if DEBUG else "json",
        }
    },
    "root": {"handlers": ["stderr"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}

# Seconds feed readers and shared caches may reuse a feed before revalidating it.
FEED_CACHE_MAX_AGE = int(env("DJANGO_FEED_MAX_AGE", "300"))

# --- Email alerts (alerts/): background tasks and mail; see README "Email alerts" ----------
# Tasks go to the database and `manage.py worker` runs them (django-tasks, django-tasks-db).
TASKS = {"default": {"BACKEND": env("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "OSCE newsroom <newsroom@osce.org>")
ALERTS_CONFIRM_HOURS = int(env("DJANGO_ALERTS_CONFIRM_HOURS", "72"))  # confirmation links expire
ALERTS_DIGEST_HOUR = int(env("DJANGO_ALERTS_DIGEST_HOUR", "8"))  # Europe/Vienna
ALERTS_DIGEST_WEEKDAY = int(env("DJANGO_ALERTS_DIGEST_WEEKDAY", "0"))  # 0 = Monday
ALERTS_SWEEP_SECONDS = float(env("DJANGO_ALERTS_SWEEP_SECONDS", "10"))
ALERTS_MAX_ATTEMPTS = int(env("DJANGO_ALERTS_MAX_ATTEMPTS", "5"))
RATELIMIT_ALERTS_CLIENT = env("DJANGO_RATELIMIT_ALERTS_CLIENT", "10/3600")
RATELIMIT_ALERTS_ADDRESS = env("DJANGO_RATELIMIT_ALERTS_ADDRESS", "3/3600")
