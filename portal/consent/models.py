"""The client's consent per employer: the current answers, and every change kept for good."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import EmployerOrganisation, User
from portal.db import Base, UTCDateTime, db_enum, utcnow


class Category(StrEnum):
    CONTACT = "contact"  # the specialist may contact this employer about me
    NAME = "name"  # the employer may see my first name and job title in check-ins
    DISCLOSURE = "disclosure"  # what the specialist may tell about my getting support


class Disclosure(StrEnum):
    YES = "yes"
    NO = "no"
    AGREED = "agreed"  # only what we agreed (the client's note says what)


class EmployerConsent(Base):
    """One row per client and employer, asked for by the specialist, answered by the client."""

    __tablename__ = "employer_consents"
    __table_args__ = (UniqueConstraint("client_id", "employer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer_organisations.id"), index=True)
    may_contact: Mapped[bool] = mapped_column(default=False)
    share_name: Mapped[bool] = mapped_column(default=False)
    disclosure: Mapped[Disclosure | None] = mapped_column(db_enum(Disclosure, "disclosure"))
    disclosure_note: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    client: Mapped[User] = relationship(foreign_keys=[client_id])
    employer: Mapped[EmployerOrganisation] = relationship()


class ConsentEvent(Base):
    """One giving or withdrawing, with the exact wording the client saw; never changed."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(
        ForeignKey("employer_consents.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    category: Mapped[Category] = mapped_column(db_enum(Category, "consent_category"))
    value: Mapped[str] = mapped_column(String(20))  # "given", "withdrawn", or a Disclosure
    note: Mapped[str | None] = mapped_column(Text)
    wording: Mapped[str] = mapped_column(Text)
    wording_version: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consent: Mapped[EmployerConsent] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
