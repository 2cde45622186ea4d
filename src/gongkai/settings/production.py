"""Settings for a real deployment; `manage.py check --deploy` is clean with them.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS. Usually also DATABASE_URL.
"""

from __future__ import annotations

from . import env
from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.string_list("DJANGO_ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env.boolean("GONGKAI_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.boolean("GONGKAI_BEHIND_PROXY", True) else None
SECURE_HSTS_SECONDS = env.integer("GONGKAI_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.boolean("GONGKAI_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
