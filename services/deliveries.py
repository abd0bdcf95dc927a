"""Remembering which Slack deliveries were handled, so a resent one never acts twice."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from services.models import SlackDelivery
from services.storage import Database


def first_delivery(*, db: Database, key: str) -> bool:
    """Record `key`; False when it was recorded before (by this process or another replica)."""
    try:
        with db.session() as session:
            session.add(SlackDelivery(key=key[:200]))
    except IntegrityError:
        return False
    return True
