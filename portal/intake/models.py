"""A referral: someone who would like to work, waiting for the team to get in touch.

Zero exclusion (the first IPS principle): anyone who wants to work may join, so a referral
asks nothing about diagnosis or readiness and cannot be turned down for either. It comes from
the person themselves (the public "I would like to work" page) or from a treatment contact of
a partner clinic. The team accepts it, or closes it with a reason the fidelity review counts
(the person withdrew, could not be reached after several tries, or lives outside the team's
area). Who the person is (name, how to reach them, the work they wish for) is wiped once the
referral is accepted (the account holds it now) or, if nobody accepted it, after
REFERRAL_RETENTION_DAYS by `flask privacy purge`; the dates, source and reason stay as counts.
"""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow
from portal.core.identity import Team, User


class ReferralSource(StrEnum):
    SELF = "self"  # the public page
    CLINIC = "clinic"  # a treatment contact of a partner clinic


class ClosingReason(StrEnum):
    """Why a referral ended without a start; never "not ready"."""

    NOT_REACHED = "not_reached"
    WITHDRAWN = "withdrawn"
    OUTSIDE_AREA = "outside_area"
    ALREADY_PARTICIPANT = "already_participant"


SOURCE_LABELS = {
    ReferralSource.SELF: _l("Asked on the portal's page"),
    ReferralSource.CLINIC: _l("Referred by a treatment contact"),
}

CLOSING_LABELS = {
    ClosingReason.NOT_REACHED: _l("Could not be reached"),
    ClosingReason.WITHDRAWN: _l("The person no longer wants it"),
    ClosingReason.OUTSIDE_AREA: _l("Lives outside the team's area"),
    ClosingReason.ALREADY_PARTICIPANT: _l("Is already a participant"),
}


class Referral(Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    source: Mapped[ReferralSource] = mapped_column(db_enum(ReferralSource, "referral_source"))
    # The treatment contact who referred the person (a clinic's referral).
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Who the person is: None once wiped (accepted, or past the retention time).
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    work_wish: Mapped[str | None] = mapped_column(String(500))
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Each time the team tried to reach the person without getting hold of them.
    tries: Mapped[int] = mapped_column(default=0, server_default="0")
    last_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closing_reason: Mapped[ClosingReason | None] = mapped_column(
        db_enum(ClosingReason, "referral_closing_reason")
    )
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    wiped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()
    referred_by: Mapped[User | None] = relationship(foreign_keys=[referred_by_id])

    @property
    def is_waiting(self) -> bool:
        return self.accepted_at is None and self.closed_at is None
