"""Settings shared by every environment. Environment values come from ``env``."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from . import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/gongkai
BASE_DIR = Path(env.string("GONGKAI_BASE_DIR") or PACKAGE_DIR.parent.parent)  # the checkout
VAR_DIR = Path(env.string("GONGKAI_VAR_DIR") or BASE_DIR / "var")

SECRET_KEY = env.string("DJANGO_SECRET_KEY")  # demo.py / test.py give a default; production requires it
DEBUG = env.boolean("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.string_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env.string_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "gongkai.core",
    "gongkai.audit",
    "gongkai.agencies",
    "gongkai.workcalendar",
    "gongkai.applications",
    "gongkai.disclosure",
    "gongkai.search",
    "gongkai.supervision",
    "gongkai.letters",
    "gongkai.reports",
    "gongkai.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.disclosure.visits.VisitCounterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"
ASGI_APPLICATION = "gongkai.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# -- database ---------------------------------------------------------------
# SQLite (WAL, IMMEDIATE transactions) with no set-up; PostgreSQL by DATABASE_URL.
SQLITE_PATH = VAR_DIR / "gongkai.sqlite3"
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    "transaction_mode": "IMMEDIATE",
}


def database_config(url: str | None, sqlite_path: Path) -> dict:
    if url:
        config = dj_database_url.parse(url, conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60))
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
        return config
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)  # var/ is created on first use, never committed
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite_path, "OPTIONS": dict(SQLITE_OPTIONS)}


DATABASES = {"default": database_config(env.string("DATABASE_URL"), SQLITE_PATH)}

# -- cache ------------------------------------------------------------------------
# In-process memory by default; Redis (REDIS_URL) when several processes serve the
# site, so that rate limits and the daily visitor count are shared between them.
REDIS_URL = env.string("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- authentication -----------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "portal:home"

# -- language and time ------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("英文"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# -- static and uploaded files ------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env.string("GONGKAI_STATIC_ROOT") or VAR_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.string("GONGKAI_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Our own limit on one uploaded report, checked before anything reads it.
GONGKAI_MAX_UPLOAD_BYTES = env.integer("GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Non-file form fields of one request (files are limited by GONGKAI_MAX_UPLOAD_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# load_demo creates users with known passwords: only where this is True.
GONGKAI_ALLOW_DEMO_DATA = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("GONGKAI_LOG_LEVEL", "WARNING")},
}
