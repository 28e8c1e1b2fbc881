"""Build teams and accounts straight through the services, with a cheap shared password hash."""

from portal.accounts.mfa import mfa_required
from portal.accounts.passwords import hash_password
from portal.accounts.services import NewAccount, create_user
from portal.core.db import db, utcnow
from portal.core.identity import Country, Role, Team, User

TEST_PASSWORD = "quiet-harbour-lantern-42"
# Staff must use two-factor sign-in; test staff share this authenticator secret.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_TEST_HASH = hash_password(TEST_PASSWORD)  # hashing once keeps argon2's cost out of every test


def make_team(name: str = "IPS Testby", country: Country = Country.DENMARK) -> Team:
    team = Team(name=name, country=country)
    db.add(team)
    db.commit()
    return team


def make_user(role: Role, email: str, name: str | None = None, **fields) -> User:
    """Create an active account; clients need `specialist`, staff get a team when none is given."""
    specialist = fields.pop("specialist", None)
    team = fields.pop("team", None)
    account = NewAccount(
        role=role,
        email=email,
        name=name or email.split("@")[0].title() + " Testesen",
        locale=fields.pop("locale", None),
        team_id=team.id if team else (specialist.team_id if specialist else None),
        specialist_id=specialist.id if specialist else None,
        workplace=fields.pop("workplace", "Testfirma ApS" if role == Role.EMPLOYER else None),
    )
    if role in (Role.SPECIALIST, Role.EMPLOYER) and account.team_id is None:
        account.team_id = make_team(f"Team of {email}").id
    user = create_user(account)
    user.password_hash = _TEST_HASH
    if mfa_required(user):
        user.totp_secret, user.mfa_enabled_at = TEST_TOTP_SECRET, utcnow()
    for key, value in fields.items():
        setattr(user, key, value)
    db.commit()
    if role == Role.EMPLOYER:
        assert user.employers  # loaded now: tests read a contact's employer after the session
    return user


def make_caseload():
    """Two specialists in one team, each with one client, an employer contact and an admin."""
    team = make_team()
    specialist_a = make_user(Role.SPECIALIST, "spec.a@example.org", "Sofie Specialist", team=team)
    specialist_b = make_user(Role.SPECIALIST, "spec.b@example.org", "Bo Specialist", team=team)
    return {
        "team": team,
        "specialist_a": specialist_a,
        "specialist_b": specialist_b,
        "client_a": make_user(
            Role.CLIENT, "client.a@example.org", "Anna Klient", specialist=specialist_a
        ),
        "client_b": make_user(
            Role.CLIENT, "client.b@example.org", "Bent Klient", specialist=specialist_b
        ),
        "employer": make_user(Role.EMPLOYER, "boss@example.org", "Erik Arbejdsgiver", team=team),
        "admin": make_user(Role.ADMIN, "lead@example.org", "Lene Leder", team=team),
    }
