"""The job development log: a specialist's contacts with employers, for a client or not."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import EmployerOrganisation, User
from portal.db import Base, UTCDateTime, utcnow


class EmployerContact(Base):
    """One contact with an employer. IPS counts them per specialist and week (target: 6 in
    person), and the first one on a client's behalf measures how fast the job search starts."""

    __tablename__ = "employer_contacts"
    __table_args__ = (
        Index("ix_employer_contacts_specialist_id_contact_on", "specialist_id", "contact_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer_organisations.id"), index=True)
    # The client the contact was for, with their consent to contact this employer.
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    contact_on: Mapped[date] = mapped_column(Date)
    in_person: Mapped[bool]
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    employer: Mapped[EmployerOrganisation] = relationship()
    client: Mapped[User | None] = relationship(foreign_keys=[client_id])
