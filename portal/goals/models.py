"""Job and education goals in the client's own words, with notes and comments."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow
from portal.core.identity import User


class GoalKind(StrEnum):
    JOB = "job"
    EDUCATION = "education"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"


class NoteKind(StrEnum):
    PROGRESS = "progress"  # the client's own note on how it is going
    COMMENT = "comment"  # the specialist's comment


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[GoalKind] = mapped_column(db_enum(GoalKind, "goal_kind"))
    text: Mapped[str] = mapped_column(String(500))
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(db_enum(GoalStatus, "goal_status"))
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    client: Mapped[User] = relationship()
    notes: Mapped[list["GoalNote"]] = relationship(
        back_populates="goal", order_by="GoalNote.id", cascade="all, delete-orphan"
    )


class GoalNote(Base):
    __tablename__ = "goal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[NoteKind] = mapped_column(db_enum(NoteKind, "goal_note_kind"))
    body: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()
