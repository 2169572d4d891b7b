"""Configuration read from the environment.

Every setting a deployment may change is an environment variable listed in the
README's configuration table; nothing secret has a default.
"""
import os
import secrets
from pathlib import Path


# An unreachable Redis (rate limits, fragments) must answer within half a second, not never.
REDIS_TIMEOUTS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def retention_days(value: str | None) -> int | None:
    """``RETENTION_DAYS``: a whole number of days above zero, or empty (or 0) for no retention period."""
    value = (value or "").strip()
    if value in {"", "0"}:
        return None
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"RETENTION_DAYS must be a whole number of days (e.g. 730) or empty, not {value!r}")
    return int(value)


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_or_create_secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, else from the instance folder.

    On the first run a random key is generated and kept in
    ``instance/secret_key`` (readable by the owner only) so sessions survive
    restarts; there is no built-in default key.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


class Config:
    """Production-minded defaults, overridable from the environment."""

    TESTING = False
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("DATABASE_URL", ""))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000")
    PORTAL_TIMEZONE = os.environ.get("PORTAL_TIMEZONE", "UTC")
    PORTAL_PROXY_COUNT = int(os.environ.get("PORTAL_PROXY_COUNT", "0"))
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "30000"))

    # Forms larger than this are refused with 413; the directory import
    # raises its own limit (DIRECTORY_IMPORT_MAX_BYTES).
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    DIRECTORY_IMPORT_MAX_BYTES = int(os.environ.get("DIRECTORY_IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "stars_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # If the shared store (Redis) is unreachable, count in each process rather than fail requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    LOGIN_RATE_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_RATE_LIMIT_PER_ACCOUNT", "20 per hour")

    PASSWORD_HASH_PROFILE = "strong"
    PASSWORD_RESET_HOURS = int(os.environ.get("PASSWORD_RESET_HOURS", "2"))
    INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "14"))

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Service Stars <stars@localhost>")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_DIR = os.environ.get("MAIL_DIR", "")
    # Flask-Mail would otherwise stay silent whenever TESTING is on; the
    # backend setting alone decides whether mail leaves the process.
    MAIL_SUPPRESS_SEND = False

    # People deactivated longer than this have their personal data erased by the scheduler; None: never.
    RETENTION_DAYS = retention_days(os.environ.get("RETENTION_DAYS"))

    NOMINATIONS_PER_DAY = int(os.environ.get("NOMINATIONS_PER_DAY", "30"))
    REPORTS_TO_HIDE = 3
    COMMENTS_PER_HOUR = int(os.environ.get("COMMENTS_PER_HOUR", "20"))
    CERTIFICATE_FONT_DIRS = os.environ.get("CERTIFICATE_FONT_DIRS", "")
    PORTAL_UPLOAD_DIR = os.environ.get("PORTAL_UPLOAD_DIR", "")

    FILTER_OPTIONS_CACHE_SECONDS = int(os.environ.get("FILTER_OPTIONS_CACHE_SECONDS", "60"))
    # Shared fragments (portal/fragments.py): how long one is kept at most; 0 keeps nothing.
    FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "30"))
    # How long the stamps that tell a kept fragment is out of date are themselves trusted.
    FRAGMENT_STAMP_SECONDS = int(os.environ.get("FRAGMENT_STAMP_SECONDS", "1"))
    # Each web process keeps its own by default; processes and machines can share Redis
    # (CACHE_TYPE=RedisCache) or, on one machine, files (CACHE_TYPE=FileSystemCache).
    # An unreachable cache costs speed, never a page (``portal.fragments.kept``).
    CACHE_TYPE = os.environ.get("CACHE_TYPE", "SimpleCache")
    CACHE_DIR = os.environ.get("CACHE_DIR", "")
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "")
    CACHE_THRESHOLD = int(os.environ.get("CACHE_THRESHOLD", "2000"))  # fragments kept at most (per process by default)

    # /metrics answers these addresses or networks (comma-separated), or a bearer of METRICS_TOKEN.
    METRICS_ALLOW = os.environ.get("METRICS_ALLOW", "127.0.0.1,::1")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    # One JSON line per request on the standard error (gunicorn's error log).
    REQUEST_LOG = _env_bool("REQUEST_LOG", True)
    # Responses are compressed (zstd, brotli or gzip, as the browser accepts) unless a proxy does it.
    # Pages carry CSRF tokens beside text from the request. A BREACH attack on them needs thousands
    # of requests that carry the session cookie: SameSite=Lax withholds it from cross-site
    # subrequests, leaving top-level navigations only, and the signed token changes every second.
    COMPRESS_RESPONSES = _env_bool("COMPRESS_RESPONSES", True)
    COMPRESS_ALGORITHM = ["zstd", "br", "gzip"]

    LANGUAGES = ("en", "zh_Hans", "te")
    BABEL_DEFAULT_LOCALE = "en"


class TestConfig(Config):
    """Fast, isolated settings for the test suite."""

    TESTING = True
    SECRET_KEY = secrets.token_urlsafe(32)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("TEST_DATABASE_URL", ""))
    PORTAL_BASE_URL = "http://portal.test"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # High enough never to trip by accident; the rate-limit tests lower them.
    LOGIN_RATE_LIMIT = "10000 per minute"
    LOGIN_RATE_LIMIT_PER_ACCOUNT = "10000 per minute"
    PASSWORD_HASH_PROFILE = "fast"
    MAIL_BACKEND = "memory"
    FILTER_OPTIONS_CACHE_SECONDS = 0
    REQUEST_LOG = False
    FRAGMENT_STAMP_SECONDS = 0  # a test reads what it has just written; test_fragments covers the second
