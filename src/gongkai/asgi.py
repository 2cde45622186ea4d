"""ASGI entry point. Deployments set DJANGO_SETTINGS_MODULE=gongkai.settings.production."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.production")

application = get_asgi_application()
