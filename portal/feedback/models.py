"""Feedback from clients: a 1-5 rating and an optional comment, named or anonymous.

Anonymous feedback keeps nothing that leads back to the client: no client, no meeting, and
no time finer than the month; it is only ever shown counted together with others.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime
from portal.core.identity import User


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_1_to_5"),
        CheckConstraint(
            "named OR (client_id IS NULL AND meeting_id IS NULL AND created_at IS NULL)",
            name="anonymous_has_no_trace",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    specialist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    named: Mapped[bool]
    # The first day of the (local) month it was given: the only time kept for anonymous ones.
    month: Mapped[date] = mapped_column(Date, index=True)
    # Named feedback only:
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[User | None] = relationship(foreign_keys=[client_id])
    specialist: Mapped[User | None] = relationship(foreign_keys=[specialist_id])
