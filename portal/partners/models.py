"""A participant's yes to one named contact, and what that contact may see.

IPS is integrated with mental-health treatment (the second IPS principle), and the Swedish
teams work with Arbetsförmedlingen and Försäkringskassan. A contact of either kind is an
account of role `partner`; a `PartnerLink` is one participant's consent to one such person,
asked for in the portal or recorded by the specialist from paper, with what the person may
see. Nothing is shared until the participant has said yes, and a withdrawal ends it at once.
Every yes, no, change of what is shared and withdrawal is kept as a `PartnerLinkEvent` with
the wording the participant saw; it is never changed.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow
from portal.core.identity import User


class PartnerKind(StrEnum):
    """Where the contact works; which agencies are offered follows the participant's country."""

    PSYCHIATRY = "psychiatry"
    GP = "gp"
    SOCIAL_PSYCHIATRY = "social_psychiatry"
    JOB_CENTRE = "job_centre"  # jobcenter (DK), Arbetsförmedlingen (SE)
    UNEMPLOYMENT_FUND = "unemployment_fund"  # a-kasse, a-kassa
    FORSAKRINGSKASSAN = "forsakringskassan"  # Sweden only


TREATMENT_KINDS = frozenset({PartnerKind.PSYCHIATRY, PartnerKind.GP, PartnerKind.SOCIAL_PSYCHIATRY})


class LinkState(StrEnum):
    ASKED = "asked"  # the specialist asked in the portal; the participant has not answered
    ACTIVE = "active"  # the participant said yes (in the portal, or on paper)
    DECLINED = "declined"  # the participant said no
    WITHDRAWN = "withdrawn"  # the participant (or the specialist on their word) ended it


class ConsentWay(StrEnum):
    PORTAL = "portal"  # the participant answered in the portal
    PAPER = "paper"  # the participant signed on paper; the specialist recorded it


# What a contact may see; one column each on PartnerLink (share_<name>), all off at first.
SHARES = ("goals", "plan", "meetings", "history", "strengths", "preferences", "supports")


class PartnerLink(Base):
    __tablename__ = "partner_links"
    __table_args__ = (UniqueConstraint("client_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The participant's team when the contact was added: the team that works with this contact.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    kind: Mapped[PartnerKind] = mapped_column(db_enum(PartnerKind, "partner_kind"))
    organisation: Mapped[str] = mapped_column(String(200))
    state: Mapped[LinkState] = mapped_column(db_enum(LinkState, "partner_link_state"))
    consent_way: Mapped[ConsentWay | None] = mapped_column(db_enum(ConsentWay, "consent_way"))
    # The day the participant said yes: their answer in the portal, or the date on the paper.
    consent_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A yes recorded from paper is shown to the participant at their next sign-in, until seen.
    paper_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    share_goals: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_plan: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_meetings: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_history: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_strengths: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_preferences: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_supports: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    client: Mapped[User] = relationship(foreign_keys=[client_id])
    partner: Mapped[User] = relationship(foreign_keys=[partner_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    def shares(self) -> set[str]:
        """The names (SHARES) of what the contact may see now; nothing unless active."""
        if self.state != LinkState.ACTIVE:
            return set()
        return {name for name in SHARES if getattr(self, f"share_{name}")}

    @property
    def is_treatment(self) -> bool:
        return self.kind in TREATMENT_KINDS


class PartnerLinkEvent(Base):
    """One asking, yes, no, change of what is shared, or withdrawal; never changed."""

    __tablename__ = "partner_link_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("partner_links.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "asked", "given", "paper", "declined", "shares", "withdrawn"
    what: Mapped[str] = mapped_column(String(20))
    shares: Mapped[str] = mapped_column(String(200), default="")  # after the event, comma-separated
    wording: Mapped[str | None] = mapped_column(Text)  # what the participant was shown
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    link: Mapped[PartnerLink] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class PartnerNote(Base):
    """A contact's note to the IPS team about one participant (written while the participant
    shares with them). The participant sees that it was written, and what, unless a treatment
    contact marked it as about treatment only; then she sees that it was written and can ask
    to read it (`read_requested_at`), which shows it to her. It is in her export either way."""

    __tablename__ = "partner_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("partner_links.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    treatment_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    read_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    link: Mapped[PartnerLink] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class MeetingPartner(Base):
    """A contact invited to one of the participant's meetings (a three-party meeting). The
    contact sees the meeting while the participant shares with them, and its summary once the
    participant has confirmed it."""

    __tablename__ = "meeting_partners"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[User] = relationship(foreign_keys=[partner_id])
