"""Who is who: teams, employer organisations and users, the ground every feature stands on.

Teams are the boundary of need-to-know. One installation serves one organisation with several
teams, each in one country. A team lead leads one or more teams (`team_leads`) and sees only
those; employer organisations belong to a team (the same company in two teams is two records),
and an employer contact's account is linked to the records of every team that works with them
(`employer_contact_links`). Creating teams and leads, and the figures of all teams, belong to
the installation's administrator, who works from the command line (`flask teams`)."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Date, ForeignKey, Numeric, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, db_enum, utcnow


class Role(StrEnum):
    CLIENT = "client"
    SPECIALIST = "specialist"
    EMPLOYER = "employer"
    ADMIN = "admin"
    PARTNER = "partner"  # a treatment or agency contact (portal.partners)


ROLE_LABELS = {
    Role.CLIENT: _l("Participant"),
    Role.SPECIALIST: _l("Employment specialist"),
    Role.EMPLOYER: _l("Employer contact"),
    Role.ADMIN: _l("Team lead"),
    Role.PARTNER: _l("Treatment or agency contact"),
}


class Country(StrEnum):
    """A team's country decides its institutions, benefits and crisis lines."""

    DENMARK = "DK"
    SWEDEN = "SE"


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    country: Mapped[Country] = mapped_column(
        db_enum(Country, "country"), default=Country.DENMARK, server_default=Country.DENMARK.value
    )
    # The name on the public "I would like to work" page (portal.intake), or None for a team
    # without one. Chosen apart from `name`: nothing before sign-in may say "IPS", as an
    # employer contact may be reading (tests/site/test_neutral_before_sign_in.py).
    public_name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamLead(Base):
    """A team lead's team: a lead may lead several teams, and sees nothing of the others."""

    __tablename__ = "team_leads"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EmployerOrganisation(Base):
    """An employer as one team knows it: its own record, contacts and notes per team."""

    __tablename__ = "employer_organisations"
    __table_args__ = (UniqueConstraint("team_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team] = relationship()


class EmployerContactLink(Base):
    """An employer contact person's account linked to one team's record of their employer."""

    __tablename__ = "employer_contact_links"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a participant without e-mail: they sign in with `username` (portal.accounts.paper),
    # and what would be e-mailed to them waits for their next sign-in (portal.core.outbox).
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(db_enum(Role, "user_role"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(8))
    # Employer contacts: the number a specialist calls when a check-in asks for a call.
    phone: Mapped[str | None] = mapped_column(String(40))
    # Clients who asked for it get a short e-mail, without content, when something new waits.
    # Clients: the day they joined the IPS programme, from which the report counts the days
    # to the first employer contact and the first job.
    enrolled_on: Mapped[date | None] = mapped_column(Date)
    # Specialists: contracted hours a week, for the caseload per full-time post (fidelity S1);
    # None counts as full-time.
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    digest_opt_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (TOTP): the shared secret, and when the user proved they hold it.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The time step of the last code used: a code is good once, even within its 30 seconds.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # GDPR: a restricted client's records are kept but not used; an erased one is a tombstone.
    restricted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Switched off by a team lead or `flask users deactivate` (someone who left): the account
    # and its records stay, but it cannot sign in and is sent no e-mail (portal.accounts.lifecycle).
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team | None] = relationship()
    # An employer contact's employers: one record per team that works with them.
    employers: Mapped[list[EmployerOrganisation]] = relationship(
        secondary="employer_contact_links", order_by=EmployerOrganisation.name, viewonly=True
    )
    # A team lead's teams (a lead's own `team_id` is one of them).
    led_teams: Mapped[list[Team]] = relationship(
        secondary="team_leads", order_by=Team.name, viewonly=True
    )
    specialist: Mapped["User | None"] = relationship(
        remote_side=[id], foreign_keys=[specialist_id], back_populates="caseload"
    )
    caseload: Mapped[list["User"]] = relationship(
        foreign_keys=[specialist_id], back_populates="specialist", order_by="User.name"
    )

    # Set on the instance when it is loaded for a request; Flask-Login keeps it in the cookie.
    login_token = None

    @property
    def is_active(self) -> bool:
        """Has a way in: a password, or an eID linked with a paper code instead of one."""
        return self.erased_at is None and (
            self.password_hash is not None or self.activated_at is not None
        )

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.login_token

    @property
    def sign_in_name(self) -> str:
        """What the person types to sign in: the e-mail address, or the user name without one."""
        return self.email or self.username or ""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.name
