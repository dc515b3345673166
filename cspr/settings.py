"""CSPR settings: one module, every value from the environment with a safe local default.

Local default (no environment): SQLite, Celery tasks run eagerly, emails to the console.
Production: set CSPR_ENV=production plus DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL, EMAIL_URL,
DJANGO_ALLOWED_HOSTS. Unknown or malformed values stop start-up with a clear error.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

CSPR_ENV = env.str("CSPR_ENV", default="local")
if CSPR_ENV not in {"local", "test", "production"}:
    raise environ.ImproperlyConfigured(f"CSPR_ENV must be local, test or production, not {CSPR_ENV!r}")
PRODUCTION = CSPR_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = (
    env.str("DJANGO_SECRET_KEY")
    if PRODUCTION
    else env.str(
        "DJANGO_SECRET_KEY", default="local-only-insecure-key-never-used-in-production-0123456789abcdef"
    )
)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "cspr",
    "referrals",
    "rapid_review",
    "reviews",
    "chronologies",
    "publication",
    "action_plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cspr.security.IdleTimeoutMiddleware",  # signs out after CSPR_SESSION_IDLE_SECONDS without a request
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cspr.security.TwoFactorMiddleware",  # before the tenant guard: unverified sessions see no case data
    "cspr.tenancy.TenantGuardMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# The benchmark (make bench) points this at bench.urls, which adds a bare baseline view.
ROOT_URLCONF = env.str("CSPR_ROOT_URLCONF", default="cspr.urls")
WSGI_APPLICATION = "cspr.wsgi.application"

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
                "cspr.context_processors.service",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Django's backends with every write noted, so pages' kept parts go stale with their data (cspr/db/).
_ENGINES = {
    "django.db.backends.postgresql": "cspr.db.postgresql",
    "django.db.backends.sqlite3": "cspr.db.sqlite3",
}
if DATABASES["default"]["ENGINE"] not in _ENGINES:
    raise environ.ImproperlyConfigured("DATABASE_URL must name PostgreSQL (or SQLite for a local demo)")
DATABASES["default"]["ENGINE"] = _ENGINES[DATABASES["default"]["ENGINE"]]
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "auth.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out username + IP pairs
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# NCSC guidance: length and a deny-list, no composition rules and no forced rotation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("CSPR_PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous users get nothing.

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None  # collectstatic target in production
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("CSPR_MEDIA_ROOT", default=VAR_DIR / "media")  # private: never served directly
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Celery: without REDIS_URL tasks run eagerly in-process (the zero-set-up local default).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Pages keep their costly parts per process under the partnerships' data versions (cspr.page_cache), so
# nothing is shared between processes and nothing can go stale: each process fills its own.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cspr-default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cspr-pages",
        "TIMEOUT": 24 * 60 * 60,  # the key holds the date: nothing is used after its day
        "OPTIONS": {"MAX_ENTRIES": env.int("CSPR_PAGE_CACHE_ENTRIES", default=2000)},  # ~30 KB each
    },
}
CSPR_PAGE_CACHE = env.bool("CSPR_PAGE_CACHE", default=True)  # off: every page renders in full

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CSPR <no-reply@cspr.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("CSPR_SITE_URL", default="http://127.0.0.1:8000")

# Safeguarding data: short idle sessions, cookies never readable by scripts.
# cspr.security.IdleTimeoutMiddleware signs a session out after this many seconds without a request
# and tells the person so on the sign-in page; pages warn CSPR_SESSION_WARNING_SECONDS before.
CSPR_SESSION_IDLE_SECONDS = env.int("CSPR_SESSION_IDLE_SECONDS", default=30 * 60)
CSPR_SESSION_WARNING_SECONDS = env.int("CSPR_SESSION_WARNING_SECONDS", default=2 * 60)
# The cookie outlives the idle limit by an hour so a returning tab can be told why it was signed out.
SESSION_COOKIE_AGE = CSPR_SESSION_IDLE_SECONDS + 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Two-factor authentication (django-otp, TOTP with recovery codes) for everyone who can see case data.
# Off by default only for the local demo (`make run`), so its printed logins work with a password alone.
CSPR_REQUIRE_2FA = env.bool("CSPR_REQUIRE_2FA", default=CSPR_ENV != "local")
OTP_TOTP_ISSUER = env.str("CSPR_OTP_ISSUER", default="CSPR")
OTP_TOTP_THROTTLE_FACTOR = 1  # wrong codes: wait 1, 2, 4, 8 … seconds before the next try
OTP_STATIC_THROTTLE_FACTOR = 1

# Sign-in throttling (django-axes): a username + IP pair is locked out after this many failures.
AXES_FAILURE_LIMIT = env.int("CSPR_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("CSPR_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "cspr/account/locked_out.html"
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR unless CSPR_PROXY_COUNT reverse proxies append to X-Forwarded-For
# (a client must not pick its own address by sending that header, or the lockout is void).
CSPR_PROXY_COUNT = env.int("CSPR_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = CSPR_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if CSPR_PROXY_COUNT else ("REMOTE_ADDR",)
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Stage hooks, named here so the core never imports a stage app.
CSPR_DEADLINE_SCANNERS: list[str] = [  # callables(partnership=, now=) -> int, run by the daily scan
    "rapid_review.reminders.scan",
    "action_plans.reminders.scan",
    "chronologies.reminders.scan",
    "publication.reminders.scan",
]
CSPR_DEMO_BUILDERS = [
    "rapid_review.demo.build",
    "reviews.demo.build",
]  # callables(partnership=, by=) run by seed_demo
CSPR_DEMO_BUILDERS += ["reviews.report_demo.build"]  # report versions, comments, checks, approvals, workshops
CSPR_DEMO_BUILDERS += ["chronologies.demo.build"]  # agency information for a review gathering information
# Home pages, calendars and search (cspr.homes, cspr.calendar_entries, cspr.search, cspr.work_queue).
CSPR_HOME_PANELS: list[str] = [  # callables(partnership=, user=, memberships=) -> cspr.homes.HomePanel | None
    "rapid_review.homes.decisions_waiting",
]
CSPR_CALENDAR_SOURCES: list[str] = [  # callables(partnership=, memberships=, start=, end=) -> [Entry]
    "rapid_review.homes.calendar_entries",
]
CSPR_REVIEWER_CASES: list[str] = []  # callables(partnership=, user_id=) -> QuerySet of Case pks
CSPR_CASE_SEARCH: list[str] = [  # callables(partnership=, query=, memberships=) -> {case pk: matched text}
    "referrals.search.cases_by_child_name",
]
CSPR_EXPORT_INLINE_ROWS = env.int("CSPR_EXPORT_INLINE_ROWS", default=2000)  # bigger exports run in Celery
# Days a background list export's file is kept for its requester; the nightly retention job deletes older
# ones (cspr.retention.expire_exports): a list names children across cases, so it must not outlive them.
CSPR_EXPORT_KEEP_DAYS = env.int("CSPR_EXPORT_KEEP_DAYS", default=7)
if CSPR_EXPORT_KEEP_DAYS < 1:
    raise environ.ImproperlyConfigured("CSPR_EXPORT_KEEP_DAYS must be at least 1 (day)")
CSPR_CALENDAR_FEED_PER_MINUTE = 30  # requests per feed token per minute before 429
CSPR_DEMO_BUILDERS += ["publication.demo.build"]  # after the reviews: it publishes approved reports
CSPR_DEMO_BUILDERS += ["action_plans.demo.build"]  # last: it builds on approved reviews
# Sections of the agency portal home (/portal/) from later stages: callables(user=) -> dict with "template"
# (and "changes_at", the moment its content changes by the clock, e.g. a request turning overdue: the home
# is kept until then by cspr.page_cache).
CSPR_PORTAL_SECTIONS: list[str] = ["chronologies.portal.home_section", "action_plans.portal.home_section"]
CSPR_OUTBOX_HANDLERS: dict[str, str] = {  # event code -> callable(event=) for its side effects
    "scoping.request_sent": "rapid_review.notifications.on_request_sent",
    "scoping.reminder_sent": "rapid_review.notifications.on_reminder_due",
    "scoping.escalated": "rapid_review.notifications.on_reminder_due",
    "rapid_review.submitted": "rapid_review.notifications.on_submitted",
    "action_plan.monitoring_started": "action_plans.notifications.on_monitoring_started",
    "rapid_review.late_notice_sent": "rapid_review.notifications.on_drafted",
    "rapid_review.composite_sent": "rapid_review.notifications.on_drafted",
    "chronology.request_sent": "chronologies.notifications.on_request_sent",
    "chronology.submitted": "chronologies.notifications.on_submitted",
    "chronology.returned": "chronologies.notifications.on_returned",
    "review.reviewer_appointed": "reviews.notifications.send_dispatch",
    "review.delay_notice_sent": "reviews.notifications.send_dispatch",
    "workshop.invitations_sent": "reviews.workshops.on_invitations_sent",
    "publication.copies_sent": "publication.notifications.on_copies_sent",
    "publication.published": "publication.notifications.on_published",
}

# callables(case=, action=, dry_run=) -> {what: count} (cspr.retention), one per stage holding personal data.
# Publication runs before reviews: it stores the published report's PDF before the report's text goes.
CSPR_RETENTION_ERASERS: list[str] = [
    "referrals.retention.erase",
    "rapid_review.retention.erase",
    "chronologies.retention.erase",
    "publication.retention.erase",
    "reviews.retention.erase",
    "action_plans.retention.erase",
]

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CSPR_UPLOAD_MAX_BYTES = env.int("CSPR_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# Every upload is virus scanned by this class (cspr.virus_scan); an unreachable scanner refuses uploads.
# Production defaults to ClamAV's clamd; local and test have none unless set ("" turns it off).
CSPR_VIRUS_SCANNER = env.str(
    "CSPR_VIRUS_SCANNER", default="cspr.virus_scan.ClamdScanner" if PRODUCTION else ""
)
CSPR_CLAMD_ADDRESS = env.str("CSPR_CLAMD_ADDRESS", default="tcp://127.0.0.1:3310")  # or unix:///path
CSPR_CLAMD_TIMEOUT = env.float("CSPR_CLAMD_TIMEOUT", default=30.0)  # seconds to connect or answer

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("CSPR_LOG_LEVEL", default="INFO")},
    # axes logs every sign-in at INFO; its warnings (lockouts) still show.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
