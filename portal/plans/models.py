"""The IPS plan: steps with who is responsible, and the lists that belong with it."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow
from portal.core.identity import User


class Responsible(StrEnum):
    ME = "me"
    SPECIALIST = "specialist"
    TREATMENT_TEAM = "treatment_team"
    JOB_CENTRE = "job_centre"
    FORSAKRINGSKASSAN = "forsakringskassan"
    OTHER = "other"
    UNEMPLOYMENT_FUND = "unemployment_fund"  # a-kasse, a-kassa


class StepStatus(StrEnum):
    TODO = "todo"
    DONE = "done"
    DROPPED = "dropped"


class StepState(StrEnum):
    """A specialist's new step is a proposal until the client accepts or declines it."""

    AGREED = "agreed"
    PROPOSED = "proposed"
    DECLINED = "declined"


class ItemKind(StrEnum):
    ACCOMMODATION = "accommodation"  # what helps me at work
    OBSTACLE = "obstacle"  # if this gets hard, we will ...
    BENEFIT = "benefit"  # a benefits question to clear before a job start or more hours


class PlanStep(Base):
    __tablename__ = "plan_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[Responsible] = mapped_column(db_enum(Responsible, "step_responsible"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[StepStatus] = mapped_column(db_enum(StepStatus, "step_status"))
    state: Mapped[StepState] = mapped_column(db_enum(StepState, "step_state"))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])


class PlanItem(Base):
    """An accommodation, an agreed response to an obstacle, or a benefits question."""

    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ItemKind] = mapped_column(db_enum(ItemKind, "plan_item_kind"))
    text: Mapped[str] = mapped_column(String(500))
    response: Mapped[str | None] = mapped_column(String(500))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client_cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    specialist_cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @property
    def cleared(self) -> bool:
        return self.client_cleared_at is not None and self.specialist_cleared_at is not None
