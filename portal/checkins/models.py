"""One follow-along check-in: asked of the employer's contact by a one-time link, answered once."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UTCDateTime, utcnow
from portal.jobs.models import Job


class CheckIn(Base):
    __tablename__ = "checkins"
    # One check-in per scheduled day: two schedulers running at once cannot both send it.
    __table_args__ = (UniqueConstraint("job_id", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date] = mapped_column(Date)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    still_working: Mapped[bool | None]
    hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    rating: Mapped[int | None]
    wants_call: Mapped[bool | None]
    comment: Mapped[str | None] = mapped_column(Text)
    call_handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    job: Mapped[Job] = relationship()
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])

    def is_missed(self, now: datetime) -> bool:
        return self.answered_at is None and self.expires_at <= now

    @property
    def call_requested(self) -> bool:
        return bool(self.wants_call) and self.call_handled_at is None
