"""Placements: jobs and education starts, consent per employer, follow-along check-ins,
and the job development log with employers."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow
from portal.core.identity import EmployerOrganisation, Team, User


# --- employers ---
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
    # Which of the client's own wishes (goals) the contact follows: the fidelity review counts
    # the contacts chosen from what the participant wants, not from what is available (V5).
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), index=True
    )
    contact_on: Mapped[date] = mapped_column(Date)
    in_person: Mapped[bool]
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    employer: Mapped[EmployerOrganisation] = relationship()
    client: Mapped[User | None] = relationship(foreign_keys=[client_id])


# --- jobs ---
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
    """How often the employer is asked for a check-in (see portal.placements.services.schedule)."""

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
    # The type of work: an ISCO-08 sub-major group (portal.occupations.isco), which the
    # fidelity review counts for the diversity of job types (V8).
    occupation: Mapped[str | None] = mapped_column(String(2))
    schedule: Mapped[Schedule] = mapped_column(
        db_enum(Schedule, "checkin_schedule"), default=Schedule.STANDARD
    )
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[EndReason | None] = mapped_column(db_enum(EndReason, "job_end_reason"))
    # What support helps in the job and from whom, written by the specialist with the
    # participant, who reads it on the job's page (fidelity item V11).
    support_plan: Mapped[str | None] = mapped_column(Text)
    support_plan_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
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


# --- consent ---
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


# --- the participant's own check-ins ---
class Feeling(StrEnum):
    GOOD = "good"
    MIXED = "mixed"
    HARD = "hard"


class OwnCheckIn(Base):
    """The participant's own answer to "How is work going?" on one of the job's check-in days.
    Only the participant and their specialist read it: never the employer."""

    __tablename__ = "own_checkins"
    # One answer per check-in day: a second press, even at the same moment, stores nothing.
    __table_args__ = (UniqueConstraint("job_id", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    feeling: Mapped[Feeling] = mapped_column(db_enum(Feeling, "feeling"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    job: Mapped[Job] = relationship()


# --- checkins ---
CONCERN_RATING = 2  # an employer's rating of this or less (of 5) asks the specialist to act


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
    # The employer gave the answer on the phone and the specialist (answered_by) wrote it down.
    by_phone: Mapped[bool] = mapped_column(default=False, server_default=false())
    still_working: Mapped[bool | None]
    hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    rating: Mapped[int | None]
    wants_call: Mapped[bool | None]
    comment: Mapped[str | None] = mapped_column(Text)
    call_handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the specialist has followed up an answer that the job has ended or goes badly.
    concern_followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    job: Mapped[Job] = relationship()
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])

    def is_missed(self, now: datetime) -> bool:
        return self.answered_at is None and self.expires_at <= now

    @property
    def call_requested(self) -> bool:
        return bool(self.wants_call) and self.call_handled_at is None

    @property
    def concern_open(self) -> bool:
        """The employer answered that the job has ended, or rated it 1 or 2 of 5, and the
        specialist has neither recorded the end nor marked it followed up (see
        placements/services/attention.py, which asks the same in SQL)."""
        worrying = self.still_working is False or (
            self.rating is not None and self.rating <= CONCERN_RATING
        )
        return (
            self.answered_at is not None
            and worrying
            and self.concern_followed_up_at is None
            and self.job.end_reason is None
        )


# --- benefits planning ---
class BenefitQuestion(Base):
    """One question of a team's benefits list: a starting question of its country (`key`,
    shown in the reader's language) unless the team lead wrote its own words (`text`)."""

    __tablename__ = "benefit_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    key: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(String(300))
    # Kept, not deleted: a removed row tells that the team's list exists (it is not made again
    # from the starting list) and a starting question can be brought back.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team] = relationship()


class ReviewReason(StrEnum):
    START = "start"
    HOURS = "hours"


class BenefitsReview(Base):
    """A job start or a change of hours, when the participant and the specialist should go
    through the benefits questions (IPS fidelity item V1); open until either marks it done."""

    __tablename__ = "benefits_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ReviewReason] = mapped_column(db_enum(ReviewReason, "review_reason"))
    hours_before: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    hours_after: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    # The day of the job start or of the change: the month the report counts it in.
    due_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    job: Mapped[Job] = relationship()
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])
