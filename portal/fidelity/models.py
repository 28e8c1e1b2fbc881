"""A fidelity review: a team's IPS-25 scores for one whole period, kept unchanged once finished.

A review stores counts and scores, never a person: the records behind an item are named
only on the team lead's page while the review is open, and appear in its files under the
report's keyed pseudonyms (portal.reports.export), so erasing someone never changes a
finished review. Its periods never overlap another review of the same team, so no two
reviews can be subtracted to tell a small group's figures.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, utcnow
from portal.core.identity import Team, User


class FidelityReview(Base):
    __tablename__ = "fidelity_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))  # the code of a whole half-year or year
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept when finished: the sum of the 25 scores, and the level it gives.
    total: Mapped[int | None]
    # Draws the worksheet's sample of records (portal.fidelity.worksheet): the same sample at
    # every view of the review, another for the next review.
    sample_seed: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    team: Mapped[Team] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    finished_by: Mapped[User | None] = relationship(foreign_keys=[finished_by_id])
    items: Mapped[list["FidelityItemScore"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="FidelityItemScore.id"
    )
    actions: Mapped[list["FidelityAction"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="FidelityAction.id"
    )


class FidelityItemScore(Base):
    """One item of one review: the reviewer's score and note for an item no record shows, or,
    once the review is finished, the score computed from the records and the counts behind it."""

    __tablename__ = "fidelity_item_scores"
    __table_args__ = (UniqueConstraint("review_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("fidelity_reviews.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(4))  # S1 ... V14 (portal.fidelity.items)
    score: Mapped[int | None]  # 1-5; None: too few to score, or not yet entered
    too_few: Mapped[bool] = mapped_column(default=False)
    # The counts the score rests on ({name: number}); never a name or an id.
    numbers: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    review: Mapped[FidelityReview] = relationship(back_populates="items")


class FidelityAction(Base):
    """A step of the review's action plan, for one of its lowest items."""

    __tablename__ = "fidelity_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("fidelity_reviews.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(4))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[FidelityReview] = relationship(back_populates="actions")
