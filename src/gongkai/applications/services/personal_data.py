"""Reading an applicant's full personal data, on purpose and on the record."""

from __future__ import annotations

from django.db import transaction

from gongkai.agencies.models import StaffRole
from gongkai.audit.services import audit_record

from .. import events
from ..models import (
    Application,
)
from ._base import _check_actor

# Fields whose full value is personal data: shown masked unless read on purpose.
PERSONAL_FIELDS = ("id_number", "contact_phone", "contact_email", "contact_address")


def application_personal_data_read(*, actor, application: Application) -> None:
    """Record that ``actor`` has read the applicant's full identity number and
    contact data. Which fields were shown is recorded, never their values."""
    _check_actor(actor, application.agency, roles=frozenset(StaffRole.values))
    with transaction.atomic():
        audit_record(
            actor=actor,
            code=events.PERSONAL_DATA_VIEWED.code,
            agency=application.agency,
            target=application,
            summary=application.tracking_number,
            data={"fields": list(PERSONAL_FIELDS)},
        )
