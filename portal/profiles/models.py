"""The career profile: the client's own sections, shared with the specialist by choice."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow
from portal.core.identity import User


class Section(StrEnum):
    HISTORY = "history"  # work and education history
    STRENGTHS = "strengths"  # skills and strengths
    PREFERENCES = "preferences"  # type of work, hours per week, place, what matters
    SUPPORTS = "supports"  # supports that help


# Which profile columns each section holds.
SECTION_FIELDS = {
    Section.HISTORY: ("history",),
    Section.STRENGTHS: ("strengths",),
    Section.PREFERENCES: ("preferred_work", "hours_per_week", "preferred_place", "what_matters"),
    Section.SUPPORTS: ("supports",),
}


class CareerProfile(Base):
    __tablename__ = "career_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    history: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    preferred_work: Mapped[str] = mapped_column(Text, default="")
    hours_per_week: Mapped[int | None]
    preferred_place: Mapped[str] = mapped_column(Text, default="")
    what_matters: Mapped[str] = mapped_column(Text, default="")
    supports: Mapped[str] = mapped_column(Text, default="")
    # Per section: may the specialist see it? Employers never see the profile.
    history_shared: Mapped[bool] = mapped_column(default=True)
    strengths_shared: Mapped[bool] = mapped_column(default=True)
    preferences_shared: Mapped[bool] = mapped_column(default=True)
    supports_shared: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    def is_shared(self, section: Section) -> bool:
        return getattr(self, f"{section.value}_shared")


class ProfileSuggestion(Base):
    """A specialist's suggestion for a section; the client reads it and may set it aside."""

    __tablename__ = "profile_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    section: Mapped[Section] = mapped_column(db_enum(Section, "profile_section"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
