"""The portal counts its own visits, without storing personal data.

``record_visit(request, agency=None, group=None)`` adds one page view to the day's ``PageView`` row
of (agency, path group) and, the first time a visitor is seen that day, one unique visitor.

A visitor is recognised by ``sha256(day salt + IP + User-Agent)`` kept only in the cache (Django's
cache, in memory by default) until the day ends; the salt is random, made per day and kept only in
the cache too, so yesterday's hashes cannot be recomputed. Nothing but the counts reaches the
database; no cookie is set.

Install: call ``record_visit(request, agency=agency, group="document")`` in a portal view, or add
``"gongkai.disclosure.visits.VisitCounterMiddleware"`` to MIDDLEWARE (after the session and auth
middleware): it counts successful GET HTML responses except under the prefixes in
``GONGKAI_VISIT_EXCLUDED_PREFIXES`` (default /office/, /admin/, /static/, /media/), grouped by the
first path segment; a view may set ``request.gongkai_visit = (agency, group)`` to name them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import PageView

DAY_SECONDS = 26 * 3600  # a day, with margin for time zones and clock skew
EXCLUDED_PREFIXES = ("/office/", "/admin/", "/static/", "/media/", "/favicon")
BOT_WORDS = ("bot", "spider", "crawler", "slurp", "curl", "wget", "python-requests", "headless")


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def _salt(day: dt.date) -> str:
    key = f"gongkai:visits:salt:{day.isoformat()}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), DAY_SECONDS)
        salt = cache.get(key) or ""
    return salt


def visitor_key(request, day: dt.date) -> str:
    """The day's anonymous name of a visitor (never stored in the database)."""
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    raw = f"{_salt(day)}|{_client_ip(request)}|{agent}".encode("utf-8", "replace")
    return hashlib.sha256(raw).hexdigest()


def is_bot(request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    return not agent or any(word in agent for word in BOT_WORDS)


def path_group(path: str) -> str:
    segment = path.strip("/").split("/", 1)[0]
    return (segment or "home")[:40]


def record_visit(request, *, agency=None, group: str | None = None, day: dt.date | None = None) -> bool:
    """Count one page view (and a unique visitor, if new today). Returns True when counted."""
    if is_bot(request):
        return False
    day = day or timezone.localdate()
    group = (group or path_group(request.path))[:40]
    agency_id = getattr(agency, "pk", None)
    seen_key = f"gongkai:visits:seen:{day.isoformat()}:{agency_id}:{group}:{visitor_key(request, day)}"
    new_visitor = cache.add(seen_key, 1, DAY_SECONDS)
    increments = {"views": F("views") + 1}
    if new_visitor:
        increments["unique_visitors"] = F("unique_visitors") + 1
    rows = PageView.objects.filter(date=day, agency_id=agency_id, path_group=group)
    if not rows.update(**increments):
        try:
            with transaction.atomic():
                PageView.objects.create(
                    date=day, agency_id=agency_id, path_group=group, views=1, unique_visitors=1 if new_visitor else 0
                )
        except IntegrityError:  # created meanwhile by a concurrent request
            rows.update(**increments)
    return True


class VisitCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = tuple(getattr(settings, "GONGKAI_VISIT_EXCLUDED_PREFIXES", EXCLUDED_PREFIXES))

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not request.path.startswith(self.excluded)
            and "text/html" in response.get("Content-Type", "")
        ):
            agency, group = getattr(request, "gongkai_visit", (None, None))
            try:
                record_visit(request, agency=agency, group=group)
            except Exception:
                pass
        return response
