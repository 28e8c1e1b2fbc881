"""Hand-overs: a client moved to another specialist by a team lead, with a note for each."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, utcnow
from portal.core.identity import User


class Handover(Base):
    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    from_specialist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    to_specialist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Shown to the client on their home page; the other only to the new specialist.
    note_to_client: Mapped[str | None] = mapped_column(Text)
    note_to_specialist: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    client: Mapped[User] = relationship(foreign_keys=[client_id])
    from_specialist: Mapped[User | None] = relationship(foreign_keys=[from_specialist_id])
    to_specialist: Mapped[User | None] = relationship(foreign_keys=[to_specialist_id])
