"""Demo teams and accounts (listed in the README) so every page shows something real."""

from portal.accounts.models import Role, Team
from portal.accounts.services import NewAccount, create_user
from portal.db import db

DEMO_PASSWORD = "blue-canoe-harbour-7"  # noqa: S105 - published in the README, demo only

TEAMS = ("IPS Odense", "IPS Botkyrka")

# (role, e-mail, name, team, specialist e-mail, workplace, language)
ACCOUNTS = [
    (Role.ADMIN, "lead@demo.ips-portal.dk", "Hanne Kristensen", "IPS Odense", None, None, "da"),
    (Role.SPECIALIST, "mette@demo.ips-portal.dk", "Mette Jensen", "IPS Odense", None, None, "da"),
    (Role.SPECIALIST, "jonas@demo.ips-portal.dk", "Jonas Holm", "IPS Odense", None, None, "da"),
    (
        Role.SPECIALIST,
        "sara@demo.ips-portal.se",
        "Sara Lindqvist",
        "IPS Botkyrka",
        None,
        None,
        "sv",
    ),
    (
        Role.CLIENT,
        "anna@demo.ips-portal.dk",
        "Anna Nielsen",
        None,
        "mette@demo.ips-portal.dk",
        None,
        "da",
    ),
    (
        Role.CLIENT,
        "peter@demo.ips-portal.dk",
        "Peter Madsen",
        None,
        "mette@demo.ips-portal.dk",
        None,
        "da",
    ),
    (
        Role.CLIENT,
        "yusuf@demo.ips-portal.dk",
        "Yusuf Demir",
        None,
        "jonas@demo.ips-portal.dk",
        None,
        "en",
    ),
    (
        Role.CLIENT,
        "lise@demo.ips-portal.dk",
        "Lise Andersen",
        None,
        "jonas@demo.ips-portal.dk",
        None,
        "da",
    ),
    (
        Role.CLIENT,
        "elin@demo.ips-portal.se",
        "Elin Karlsson",
        None,
        "sara@demo.ips-portal.se",
        None,
        "sv",
    ),
    (
        Role.CLIENT,
        "ahmed@demo.ips-portal.se",
        "Ahmed Hassan",
        None,
        "sara@demo.ips-portal.se",
        None,
        "sv",
    ),
    (
        Role.EMPLOYER,
        "butik@demo.ips-portal.dk",
        "Kim Larsen",
        None,
        None,
        "Brugsen Vollsmose",
        "da",
    ),
    (
        Role.EMPLOYER,
        "lager@demo.ips-portal.se",
        "Maria Berg",
        None,
        None,
        "Lagerhuset i Tumba AB",
        "sv",
    ),
]


def load_demo_data() -> None:
    """Create the demo teams and accounts, all with the demo password."""
    teams = {}
    for name in TEAMS:
        teams[name] = Team(name=name)
        db.add(teams[name])
    db.flush()
    users = {}
    for role, email, name, team, specialist, workplace, locale in ACCOUNTS:
        owner = users.get(specialist)
        account = NewAccount(
            role=role,
            email=email,
            name=name,
            locale=locale,
            team_id=owner.team_id if owner else (teams[team].id if team else None),
            specialist_id=owner.id if owner else None,
            workplace=workplace,
        )
        users[email] = create_user(account, password=DEMO_PASSWORD)
