"""Settings read from the environment, with an SQLite file in instance/ by default."""

import os
from datetime import timedelta

# The address `make run` serves (see the Makefile): e-mailed links point here in development.
DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:5000"
# Keys once printed in this source as a development default: anyone can read them, so no
# installation may sign with them (development makes its own, see instance_secret.py).
PUBLISHED_SECRET_KEYS = frozenset({"development-only-secret-key-change-me"})
LANGUAGES = ("da", "sv", "en")


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete for the chosen environment."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _words(value: str) -> tuple[str, ...]:
    """A list given as words separated by commas or spaces."""
    return tuple(word for word in value.replace(",", " ").split() if word)


def normalise_database_url(url: str) -> str:
    """Point plain postgres:// URLs at the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: str) -> dict:
    """Return the settings for this process from the environment."""
    env = os.environ
    portal_env = env.get("PORTAL_ENV", "development").strip().lower()
    production = portal_env == "production"
    default_db = "sqlite:///" + os.path.join(instance_path, "portal.sqlite3")
    redis_url = env.get("REDIS_URL") or None
    return {
        "PORTAL_ENV": portal_env,
        # Unset outside production, the installation's own key is used (instance/secret_key).
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "DATABASE_URL": normalise_database_url(env.get("DATABASE_URL") or default_db),
        "REDIS_URL": redis_url,
        # The address people use to reach the portal; e-mailed links are built on it alone,
        # never on the request's Host header. Production must set it (check_config).
        "PUBLIC_URL": (
            (env.get("PUBLIC_URL") or "").rstrip("/")
            or (None if production else DEVELOPMENT_PUBLIC_URL)
        ),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Several app servers share one Redis; a prefix keeps two installations apart in it.
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "portal"),
        "LOG_FORMAT": env.get("LOG_FORMAT", "json" if production else "text").strip().lower(),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_STARTTLS": _flag("MAIL_USE_STARTTLS"),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL"),
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT", "10")),
        # Employers get e-mail too, and a sender naming IPS would tell them about the support
        # the participant may have chosen not to disclose (placements/services/disclosure.py).
        "MAIL_FROM": env.get("MAIL_FROM", "Jobportal <no-reply@localhost>"),
        # Development writes every e-mail to the log so the demo works without a mail server;
        # production never does, because invitation and reset links must not end up in logs.
        "MAIL_LOG_MESSAGES": _flag("MAIL_LOG_MESSAGES", not production),
        "INVITATION_MAX_AGE": timedelta(days=int(env.get("INVITATION_MAX_AGE_DAYS", "14"))),
        "PASSWORD_RESET_MAX_AGE": timedelta(hours=1),
        # Passkeys (portal.accounts.passkeys): the site's domain and origin, from PUBLIC_URL
        # unless set (a browser refuses an IP address as the domain).
        "WEBAUTHN_RP_ID": env.get("WEBAUTHN_RP_ID") or None,
        "WEBAUTHN_ORIGIN": env.get("WEBAUTHN_ORIGIN") or None,
        # National eID through an OpenID Connect broker (portal.accounts.eid); off unless
        # EID_ISSUER and EID_CLIENT_ID are set. The client authenticates to the broker with a
        # secret, or with a private key (private_key_jwt) when EID_PRIVATE_KEY_FILE is set.
        "EID_ISSUER": (env.get("EID_ISSUER") or "").rstrip("/") or None,
        "EID_CLIENT_ID": env.get("EID_CLIENT_ID") or None,
        "EID_CLIENT_SECRET": env.get("EID_CLIENT_SECRET") or None,
        "EID_PRIVATE_KEY_FILE": env.get("EID_PRIVATE_KEY_FILE") or None,
        "EID_PRIVATE_KEY_ID": env.get("EID_PRIVATE_KEY_ID") or None,
        "EID_SCOPES": env.get("EID_SCOPES", "openid"),
        # The claim that names the person for good: the broker's pseudonymous subject, never
        # a CPR number or personnummer (a value shaped like one is refused).
        "EID_SUBJECT_CLAIM": env.get("EID_SUBJECT_CLAIM", "sub"),
        # The broker's `acr` values that count as two factors: staff signing in at one of
        # these levels need no code from their phone (e.g. NSIS substantial and high).
        "EID_TWO_FACTOR_ACR": _words(env.get("EID_TWO_FACTOR_ACR", "")),
        # Asked of the broker with each sign-in (acr_values), when set.
        "EID_ACR_VALUES": env.get("EID_ACR_VALUES") or None,
        # What the button calls it: "MitID", "BankID", "Freja eID"...
        "EID_NAME": env.get("EID_NAME") or "eID",
        "EID_TIMEOUT": float(env.get("EID_TIMEOUT", "10")),
        # How long a sign-in code handed over on paper works (portal.accounts.paper).
        "SIGN_IN_CODE_MAX_AGE": timedelta(days=int(env.get("SIGN_IN_CODE_MAX_AGE_DAYS", "30"))),
        # How long an employer's check-in link works; unanswered after that, it counts as missed.
        "CHECKIN_LINK_MAX_AGE": timedelta(days=int(env.get("CHECKIN_LINK_MAX_AGE_DAYS", "10"))),
        # A participant without a message or a meeting for longer than this needs attention.
        "NO_CONTACT_ALERT_DAYS": int(env.get("NO_CONTACT_ALERT_DAYS", "14")),
        # The key of the specialists' pseudonyms in the report's CSV file (see reports/export.py).
        "REPORT_PSEUDONYM_KEY": env.get("REPORT_PSEUDONYM_KEY"),
        # How long `flask privacy purge` keeps the access log, and technical records (sent
        # e-mails, old sign-in sessions, used links, form tokens).
        "AUDIT_RETENTION_DAYS": int(env.get("AUDIT_RETENTION_DAYS", "1826")),
        "TECHNICAL_RETENTION_DAYS": int(env.get("TECHNICAL_RETENTION_DAYS", "90")),
        # A referral nobody accepted: who the person is, wiped after this many days.
        "REFERRAL_RETENTION_DAYS": int(env.get("REFERRAL_RETENTION_DAYS", "90")),
        "PROXY_FIX_HOPS": int(env.get("PROXY_FIX_HOPS", "1" if production else "0")),
        "PORTAL_COUNTRY": env.get("PORTAL_COUNTRY", "DK").strip().upper(),
        "CRISIS_NOTICE_DA": env.get("CRISIS_NOTICE_DA") or None,
        "CRISIS_NOTICE_SV": env.get("CRISIS_NOTICE_SV") or None,
        "CRISIS_NOTICE_EN": env.get("CRISIS_NOTICE_EN") or None,
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": env.get("PORTAL_TIMEZONE", "Europe/Copenhagen"),
        "LANGUAGES": LANGUAGES,
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # A signed-in session ends after this long without a request, and at the latest after
        # the absolute limit; a warning offers to stay signed in a little before the first.
        # SESSION_IDLE_SECONDS, when set, wins: the browser tests use a limit of a few seconds.
        "SESSION_IDLE_TIMEOUT": (
            timedelta(seconds=int(env["SESSION_IDLE_SECONDS"]))
            if env.get("SESSION_IDLE_SECONDS")
            else timedelta(minutes=int(env.get("SESSION_IDLE_MINUTES", "30")))
        ),
        "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=int(env.get("SESSION_ABSOLUTE_HOURS", "12"))),
        # A tired user may take a long time over a form; the token is bound to the session anyway.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
    }


def check_config(config: dict) -> None:
    """Refuse a published secret key anywhere, and production without a real secret key or
    without its public address."""
    secret = config.get("SECRET_KEY") or ""
    if secret in PUBLISHED_SECRET_KEYS:
        raise ConfigError("SECRET_KEY is a key published in the source; set a random one")
    _check_eid(config)
    if config["PORTAL_ENV"] != "production":
        return
    if len(secret) < 32:
        raise ConfigError(
            "PORTAL_ENV=production needs SECRET_KEY set to a random value of at least 32 characters"
        )
    if not (config.get("PUBLIC_URL") or "").startswith("https://"):
        raise ConfigError("PORTAL_ENV=production needs PUBLIC_URL, e.g. https://job.kommune.dk")
    if not config.get("REDIS_URL") and config.get("RATELIMIT_ENABLED"):
        # Each gunicorn worker would count sign-in attempts on its own, so a guesser gets
        # several times the limit; Redis holds one count for every worker and server.
        raise ConfigError("PORTAL_ENV=production needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    if config.get("MAIL_LOG_MESSAGES"):
        # Those e-mails carry one-time links; a log is no place for them.
        raise ConfigError("MAIL_LOG_MESSAGES is for development only")
    if config.get("FAST_PASSWORD_HASHING"):
        raise ConfigError("FAST_PASSWORD_HASHING is for the test suite only")
    if config.get("EID_ISSUER") and not config["EID_ISSUER"].startswith("https://"):
        raise ConfigError("EID_ISSUER must be an https:// address in production")


def _check_eid(config: dict) -> None:
    """eID needs its client id and one way to authenticate to the broker."""
    if not config.get("EID_ISSUER"):
        return
    if not config.get("EID_CLIENT_ID"):
        raise ConfigError("EID_ISSUER is set: set EID_CLIENT_ID too (the broker gives it)")
    if not (config.get("EID_CLIENT_SECRET") or config.get("EID_PRIVATE_KEY_FILE")):
        raise ConfigError("eID needs EID_CLIENT_SECRET or EID_PRIVATE_KEY_FILE")
    if "openid" not in config.get("EID_SCOPES", "").split():
        raise ConfigError("EID_SCOPES must include openid")
