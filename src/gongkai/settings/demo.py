"""Settings for `make demo`: a laptop, SQLite in var/, no secrets to set."""

from __future__ import annotations

from . import env
from .base import *  # noqa: F403
from .base import STORAGES

# Off by default so that visitors see the Chinese 404/500 pages; DJANGO_DEBUG=true for development.
DEBUG = env.boolean("DJANGO_DEBUG", False)
SECRET_KEY = env.string("DJANGO_SECRET_KEY") or "demo-only-insecure-key-do-not-use-in-production-0c9f1"
ALLOWED_HOSTS = env.string_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
GONGKAI_ALLOW_DEMO_DATA = True
# The demo serves static files from the apps directly, with no collectstatic step.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
