"""The data version the kept reports are keyed by (portal.reports.cache), and the figures a
team lead has shared with the team."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, utcnow
from portal.core.identity import User


class DataVersion(Base):
    """A counter per kind of derived data; "report" moves on with every change to a table the
    report counts from, in the same transaction. No personal data."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class SharedFigures(Base):
    """A quarter's figures of one team as its lead shared them with the team's specialists
    (IPS measures the employment rate every quarter and shares it: fidelity item O7). A copy,
    so the team reads what the lead saw; figures only, hidden ones as None, never a person."""

    __tablename__ = "shared_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))  # a quarter's code: 2026-Q3
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    # {figure key: {"value": "12.5" or None when hidden, "n": what it rests on, or None}}
    figures: Mapped[dict] = mapped_column(JSON)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shared_by: Mapped[User | None] = relationship()
