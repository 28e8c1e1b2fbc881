"""Placements (jobs) and education starts, and the client's "I'm struggling at work" signals."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import EmployerOrganisation, User
from portal.db import Base, UTCDateTime, db_enum, utcnow


class JobKind(StrEnum):
    JOB = "job"
    EDUCATION = "education"


class EndReason(StrEnum):
    """Why a job or education ended; the outcome report counts endings by these."""

    RESIGNED = "resigned"
    DISMISSED = "dismissed"
    CONTRACT_ENDED = "contract_ended"
    BETTER_JOB = "better_job"
    EDUCATION = "education"
    HEALTH = "health"
    COMPLETED = "completed"
    OTHER = "other"


class Schedule(StrEnum):
    """How often the employer is asked for a check-in (see portal.checkins.schedule)."""

    STANDARD = "standard"  # weekly the first month, every other week to three months, monthly
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    NONE = "none"


class Job(Base):
    """A job (placement) or an education start; see has_ended for what `end_date` means."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[JobKind] = mapped_column(db_enum(JobKind, "job_kind"))
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer_organisations.id"), index=True
    )
    # The employer's contact person, who is asked for check-ins.
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))  # job title, or the education programme
    school: Mapped[str | None] = mapped_column(String(200))  # education only
    start_date: Mapped[date] = mapped_column(Date)
    hours_per_week: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    hourly_wage: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    competitive: Mapped[bool] = mapped_column(default=True)
    schedule: Mapped[Schedule] = mapped_column(
        db_enum(Schedule, "checkin_schedule"), default=Schedule.STANDARD
    )
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[EndReason | None] = mapped_column(db_enum(EndReason, "job_end_reason"))
    # The client decides whether they see the employer's check-in answers, or only that they came.
    client_sees_answers: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    client: Mapped[User] = relationship(foreign_keys=[client_id])
    employer: Mapped[EmployerOrganisation | None] = relationship()
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])

    def has_ended(self, today: date) -> bool:
        """Whether it lies behind the client; its last day still counts as current.

        A job has no end date until the specialist records its ending (end_job: a last day
        and a reason, possibly ahead of time), so a recorded last day that is past ends it.
        An education carries its planned end date from the start: it is current until that
        day has passed, however early the date was written down. (The caseload and check-in
        queries say the same in SQL: `end_date IS NULL OR end_date >= today`.)
        """
        return self.end_date is not None and self.end_date < today

    def is_current(self, today: date) -> bool:
        return self.start_date <= today and not self.has_ended(today)

    def ends_as_planned(self, today: date) -> bool:
        """An education still running with the end date planned when it was recorded."""
        planned = self.kind == JobKind.EDUCATION and self.end_reason is None
        return planned and self.end_date is not None and not self.has_ended(today)

    @property
    def place(self) -> str:
        """Where: the employer's name, or the school."""
        return self.employer.name if self.employer else (self.school or "")


class StrugglingSignal(Base):
    """The client pressed "I'm struggling at work"; open until the specialist has followed up."""

    __tablename__ = "struggling_signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    job: Mapped[Job] = relationship()
    client: Mapped[User] = relationship(foreign_keys=[client_id])
