"""The access log: who on staff or at an employer looked at or changed a client's data.

Rows are only ever added (and removed with the client on erasure, or after the retention
period by `flask privacy purge`). The client reads them on "My data".
"""

import logging
from datetime import datetime

from flask import Flask, g, request
from flask_login import current_user
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db, utcnow
from portal.core.identity import User

log = logging.getLogger(__name__)
SHOWN = 200


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Kept as text: the log still says "a specialist" after that account is gone.
    actor_role: Mapped[str] = mapped_column(String(20))
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # "view" or "change"
    what: Mapped[str] = mapped_column(String(60))  # the page (endpoint) that was used

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


def note_access(client_id: int, actor: User | None = None) -> None:
    """Mark this request as one that shows or changes a client's data; written after a
    successful answer by someone other than the client (see init_app)."""
    g.audit_client_id = client_id
    if actor is not None:  # an employer contact reached through a check-in link
        g.audit_actor = actor


def _actor() -> User | None:
    actor = g.get("audit_actor")
    if actor is not None:
        return actor
    return current_user if current_user.is_authenticated else None


def list_access(client_id: int) -> list[AuditEntry]:
    """Who looked at or changed the client's data, newest first."""
    return list(
        db.scalars(
            select(AuditEntry)
            .options(joinedload(AuditEntry.actor))
            .where(AuditEntry.client_id == client_id)
            .order_by(AuditEntry.id.desc())
            .limit(SHOWN)
        )
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def _write_access_log(response):
        client_id = g.get("audit_client_id")
        actor = _actor() if client_id else None
        if (
            client_id is None
            or actor is None
            or actor.id == client_id
            or response.status_code >= 400
        ):
            return response
        db.rollback()  # the view has committed; nothing half-done rides along
        db.add(
            AuditEntry(
                actor_id=actor.id,
                actor_role=actor.role.value,
                client_id=client_id,
                action="view" if request.method in ("GET", "HEAD") else "change",
                what=(request.endpoint or "")[:60],
            )
        )
        db.commit()
        return response
