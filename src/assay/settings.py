"""The one settings module. Everything comes from the environment (see assay.env).

Embedded default: SQLite and files under ./var/, the in-memory channel layer,
the database task queue, email kept in the outbox. Scaled: DATABASE_URL,
REDIS_URL and ASSAY_* select PostgreSQL, RQ on Redis, channels-redis and SMTP.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from assay.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env("ASSAY_VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

ENVIRONMENT = env("ASSAY_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
INSECURE_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - the marker production refuses

SECRET_KEY = env("ASSAY_SECRET_KEY", INSECURE_SECRET_KEY)
# Off unless asked for: a traceback in a response shows a candidate or a stranger Assay's insides.
DEBUG = envbool("ASSAY_DEBUG", default=False)
ALLOWED_HOSTS = envlist("ASSAY_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("ASSAY_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("ASSAY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def production_problems() -> list[str]:
    """What makes these settings unsafe to serve real candidates with."""
    problems = []
    if DEBUG:
        problems.append("ASSAY_DEBUG is on; set ASSAY_DEBUG=0")
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 32:
        problems.append("ASSAY_SECRET_KEY is the default or shorter than 32 characters; set a long random value")
    if not ALLOWED_HOSTS:
        problems.append("ASSAY_ALLOWED_HOSTS is empty; set the host names Assay is served on")
    return problems


if PRODUCTION and (problems := production_problems()):
    raise ImproperlyConfigured("Refusing to start in production with insecure settings: " + "; ".join(problems))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "ninja",  # serves the API docs' Swagger UI from this server, not a CDN (CSP, offline installs)
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "assay.web",
    "assay.accounts",
    "assay.audit",
    "assay.notifications",
    "assay.ops",
    "assay.challenges",
    "assay.submissions",
    "assay.repos",
    "assay.grading",
    "assay.assessments",
    "assay.reviews",
    "assay.live",
    "assay.integrations",
    # After Assay's apps, so our registration/ templates win over the admin's.
    "django.contrib.admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "assay.web.middleware.content_security_policy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "assay.accounts.middleware.CurrentOrganizationMiddleware",
    "assay.audit.context.ClientAddressMiddleware",
    "assay.web.middleware.DomainErrorMiddleware",
    "assay.integrations.problems.ApiFallbackMiddleware",
    "assay.integrations.middleware.ApiLimitsMiddleware",
    "assay.integrations.candidate_limits.CandidateLimitsMiddleware",
]

ROOT_URLCONF = "assay.urls"
ASGI_APPLICATION = "assay.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assay.web.context.navigation",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'assay.sqlite3'}"),
        conn_max_age=envint("ASSAY_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web side and worker threads share one file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# Sign-in throttling: this many failures for one email within the window lock that email.
ASSAY_LOGIN_MAX_FAILURES = envint("ASSAY_LOGIN_MAX_FAILURES", 5)
ASSAY_LOGIN_LOCKOUT_SECONDS = envint("ASSAY_LOGIN_LOCKOUT_SECONDS", 15 * 60)
# The proxies (addresses or networks) whose X-Forwarded-For the audit log believes; empty: nobody's.
ASSAY_TRUSTED_PROXIES = envlist("ASSAY_TRUSTED_PROXIES")
# "open" lets anyone create an organization at /signup/; "closed": only an operator (`assay organizations`).
ASSAY_SIGNUP = env("ASSAY_SIGNUP", "closed")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION or envbool("ASSAY_BEHIND_TLS_PROXY")
CSRF_COOKIE_SECURE = PRODUCTION or envbool("ASSAY_BEHIND_TLS_PROXY")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = envbool("ASSAY_BEHIND_TLS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# HSTS goes out only on requests that came over TLS (through the proxy); a year, without preload by default.
SECURE_HSTS_SECONDS = envint("ASSAY_HSTS_SECONDS", 365 * 24 * 3600 if BEHIND_TLS_PROXY else 0)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# The challenge library (content, not code) and the grader's caches (PostgreSQL template, dependencies,
# calibration). The cache must be readable by the sandbox's unprivileged uid.
ASSAY_LIBRARY_DIR = Path(env("ASSAY_LIBRARY_DIR", str(BASE_DIR.parents[1] / "challenges")))
ASSAY_CACHE_DIR = Path(env("ASSAY_CACHE_DIR", str(VAR_DIR / "cache")))
# Gradings one worker process runs at once (each uses a sandbox, a database and up to 2 GB of memory).
ASSAY_GRADINGS_PER_WORKER = envint("ASSAY_GRADINGS_PER_WORKER", 1)
# How many of one organization's own challenge versions may be validated at once (validation takes grading capacity).
ASSAY_TEAM_VALIDATIONS_PER_ORGANIZATION = envint("ASSAY_TEAM_VALIDATIONS_PER_ORGANIZATION", 1)
# A running grading whose worker stopped renewing its lease this long ago is picked up again.
ASSAY_GRADING_LEASE_SECONDS = envint("ASSAY_GRADING_LEASE_SECONDS", 120)

# The optional AI reviewer (docs/ai-review.md): how long one call to an organization's endpoint may take, how
# many times it is tried (on 429, 5xx and lost connections) and the first wait between tries (doubling after).
ASSAY_AI_REVIEWER_TIMEOUT_SECONDS = float(env("ASSAY_AI_REVIEWER_TIMEOUT_SECONDS", "120"))
ASSAY_AI_REVIEWER_ATTEMPTS = envint("ASSAY_AI_REVIEWER_ATTEMPTS", 4)
ASSAY_AI_REVIEWER_BACKOFF_SECONDS = float(env("ASSAY_AI_REVIEWER_BACKOFF_SECONDS", "2"))
ASSAY_AI_REVIEWER_MAX_WAIT_SECONDS = envint("ASSAY_AI_REVIEWER_MAX_WAIT_SECONDS", 60)
# Encrypts the endpoints' keys at rest (a Fernet key); by default one derived from ASSAY_SECRET_KEY.
ASSAY_AI_REVIEWER_KEY = env("ASSAY_AI_REVIEWER_KEY")
# Webhooks: receivers on loopback, private or link-local networks (or Assay itself) are refused unless allowed.
ASSAY_WEBHOOK_ALLOW_PRIVATE = envbool("ASSAY_WEBHOOK_ALLOW_PRIVATE")
ASSAY_WEBHOOK_TIMEOUT_SECONDS = envint("ASSAY_WEBHOOK_TIMEOUT_SECONDS", 10)
# API requests one key may make per window, counted in Redis when REDIS_URL is set, else in the database.
ASSAY_API_RATE_LIMIT = envint("ASSAY_API_RATE_LIMIT", 600)
ASSAY_API_RATE_WINDOW_SECONDS = envint("ASSAY_API_RATE_WINDOW_SECONDS", 60)
# Requests per window to a candidate's page, upload, apply link or repository, counted per client address and
# per candidate (a clone or push is a handful of requests; a page view one or two).
ASSAY_CANDIDATE_RATE_LIMIT = envint("ASSAY_CANDIDATE_RATE_LIMIT", 300)
ASSAY_CANDIDATE_RATE_WINDOW_SECONDS = envint("ASSAY_CANDIDATE_RATE_WINDOW_SECONDS", 60)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "files"

# Files the grading machines read (submitted snapshots, challenge versions as archives): a folder under
# MEDIA_ROOT by default, an S3-compatible object store when ASSAY_S3_BUCKET is set (docs/operations.md).
# Pushes, uploads and stored files are refused while their disk has less than this much free (ASSAY_VAR_DIR).
ASSAY_MIN_FREE_MB = envint("ASSAY_MIN_FREE_MB", 100)
ASSAY_S3_BUCKET = env("ASSAY_S3_BUCKET")
# A grading machine's copies of what it fetched from the object store (challenge versions, snapshots the web side
# shows): content-addressed, never stale, safe to delete.
ASSAY_FILE_CACHE_DIR = Path(env("ASSAY_FILE_CACHE_DIR", str(ASSAY_CACHE_DIR / "files")))
_ARTIFACTS: dict[str, object] = {"BACKEND": "assay.storage.LocalArtifacts"}
if ASSAY_S3_BUCKET:
    _ARTIFACTS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ASSAY_S3_BUCKET,
            "endpoint_url": env("ASSAY_S3_ENDPOINT_URL") or None,
            "region_name": env("ASSAY_S3_REGION") or None,
            "access_key": env("ASSAY_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("ASSAY_S3_SECRET_ACCESS_KEY") or None,
            "location": env("ASSAY_S3_PREFIX"),
            # Files are fetched with the keys above, never through public or signed links.
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": True,  # names are content-addressed: the same name always holds the same bytes
        },
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "artifacts": _ARTIFACTS,
}

# Background work through Django's tasks API (the django-tasks backport).
REDIS_URL = env("REDIS_URL")
TASK_BACKEND = env("ASSAY_TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"ASSAY_TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}")
if TASK_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("ASSAY_TASK_BACKEND=rq needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default", "grading"]}}
RQ_QUEUES = {name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"} for name in ("default", "grading")}
ASSAY_WORKER_THREADS = envint("ASSAY_WORKER_THREADS", 2)
# Measure a new challenge version's reference solutions (the load probe's yardstick) when it is loaded.
ASSAY_CALIBRATE_ON_LOAD = envbool("ASSAY_CALIBRATE_ON_LOAD", default=True)
ASSAY_HEARTBEAT_MAX_AGE = envint("ASSAY_HEARTBEAT_MAX_AGE", 60)
# Housekeeping rounds (one process at a time holds the lease); a queued grading whose job has vanished from the
# queue (Redis restarted without its data, say) is queued again once it has waited this long.
ASSAY_HOUSEKEEPING_SECONDS = envint("ASSAY_HOUSEKEEPING_SECONDS", 30)
ASSAY_LOST_JOB_SECONDS = envint("ASSAY_LOST_JOB_SECONDS", 120)

CHANNEL_LAYERS = {
    "default": (
        {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
        if REDIS_URL and envbool("ASSAY_REDIS_CHANNELS", default=True)
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

# Live sessions: how long a candidate's link works, runs per session, the largest message a participant may
# send (a bigger one closes that connection) and how much of a run's output is shown before it is cut.
ASSAY_LIVE_HOURS = envint("ASSAY_LIVE_HOURS", 4)
ASSAY_LIVE_RUNS_PER_SESSION = envint("ASSAY_LIVE_RUNS_PER_SESSION", 20)
ASSAY_LIVE_MAX_MESSAGE_BYTES = envint("ASSAY_LIVE_MAX_MESSAGE_BYTES", 1024 * 1024)
ASSAY_LIVE_OUTPUT_BYTES = envint("ASSAY_LIVE_OUTPUT_BYTES", 64 * 1024)
# A session with no update and no connection for this long is ended by housekeeping (its recording kept).
ASSAY_LIVE_IDLE_MINUTES = envint("ASSAY_LIVE_IDLE_MINUTES", 60)

# Email: SMTP when ASSAY_SMTP_HOST is set, otherwise kept in the outbox page and the log.
EMAIL_HOST = env("ASSAY_SMTP_HOST")
EMAIL_PORT = envint("ASSAY_SMTP_PORT", 587)
EMAIL_HOST_USER = env("ASSAY_SMTP_USER")
EMAIL_HOST_PASSWORD = env("ASSAY_SMTP_PASSWORD")
EMAIL_USE_TLS = envbool("ASSAY_SMTP_STARTTLS", default=bool(EMAIL_HOST))
EMAIL_BACKEND = env(
    "ASSAY_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "assay.notifications.backends.OutboxBackend",
)
DEFAULT_FROM_EMAIL = env("ASSAY_FROM_EMAIL", "Assay <assay@localhost>")

# Logs: readable lines while developing, one JSON object per line in production.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {"redact_secrets": {"()": "assay.ops.logs.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if PRODUCTION else "plain",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env("ASSAY_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "uvicorn.access": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_MAX_LIMIT = 200
