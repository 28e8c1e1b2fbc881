"""Meetings: planned with a time and place, then recorded with what was agreed; and the
tries to get back in touch with a participant who has gone quiet."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow
from portal.core.identity import User


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class SummaryResponse(StrEnum):
    """The client's answer to a summary; none yet means it waits for them."""

    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


class MeetingNotice(StrEnum):
    """What the participant is told about a coming meeting the specialist changed."""

    CHANGED = "changed"  # a new time, place, form or length
    CANCELLED = "cancelled"


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_client_id_starts_at", "client_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The specialist who holds the meeting; feedback on the meeting is counted for them.
    specialist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    mode: Mapped[MeetingMode] = mapped_column(db_enum(MeetingMode, "meeting_mode"))
    place: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    summary_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response: Mapped[SummaryResponse | None] = mapped_column(
        db_enum(SummaryResponse, "summary_response")
    )
    response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    correction: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once the client has given feedback on this meeting or said "no thanks": the
    # invitation is then gone. Anonymous feedback is not linked to the meeting at all.
    feedback_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Shown on the participant's home page until they have seen it: what changed, and the
    # time they knew the meeting by (meetings/services.py: tell_client).
    client_notice: Mapped[MeetingNotice | None] = mapped_column(
        db_enum(MeetingNotice, "meeting_notice")
    )
    notice_was_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    client: Mapped[User] = relationship(foreign_keys=[client_id])
    specialist: Mapped[User | None] = relationship(foreign_keys=[specialist_id])

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def is_upcoming(self, now: datetime) -> bool:
        return self.cancelled_at is None and self.ends_at > now

    @property
    def waits_for_client(self) -> bool:
        """A summary the client has not yet confirmed or corrected."""
        return self.summary is not None and self.response is None and self.cancelled_at is None

    @property
    def disputed(self) -> bool:
        return self.response == SummaryResponse.DISPUTED


class OutreachWay(StrEnum):
    PHONE = "phone"
    MESSAGE = "message"  # a text, an e-mail or a letter
    HOME_VISIT = "home_visit"
    COMMUNITY_VISIT = "community_visit"  # where they usually are
    TREATMENT_TEAM = "treatment_team"  # with or through the treatment team
    FAMILY = "family"  # with the participant's leave


class OutreachTry(Base):
    """One try to get back in touch with a participant who has gone quiet. IPS ends nobody's
    support for missed meetings: the team keeps trying, in more than one way, and the
    fidelity review counts the tries before an account is switched off (item V14)."""

    __tablename__ = "outreach_tries"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    tried_on: Mapped[date] = mapped_column(Date)
    way: Mapped[OutreachWay] = mapped_column(db_enum(OutreachWay, "outreach_way"))
    reached: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
