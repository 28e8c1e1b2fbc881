"""Demo teams and accounts (listed in the README) so every page shows something real."""

from portal.accounts.services import (
    NewAccount,
    create_user,
)
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Country, Role, Team
from portal.demo.fidelity import load_demo_fidelity
from portal.demo.follow_along import load_demo_follow_along
from portal.demo.history import load_demo_history
from portal.demo.intake import participant_without_email, waiting_referrals
from portal.demo.meetings import load_demo_meetings
from portal.demo.partners import load_demo_partners
from portal.demo.plans import plan_in_progress, plan_in_progress_sv
from portal.demo.work import (
    conversations,
    education_sv,
    job_told_nothing,
    job_with_checkins,
    shared_contact,
)

DEMO_PASSWORD = "blue-canoe-harbour-7"  # noqa: S105 - published in the README, demo only
# Staff sign in with a code as well: these authenticator secrets are published in the README
# (type one into an authenticator app, or use `oathtool --totp -b SECRET`). Demo only.
DEMO_TOTP_SECRETS = {
    "lead@demo.ips-portal.dk": "DEMOLEADHANNEK2PXPJBSWY3DPEHPK3P",
    "mette@demo.ips-portal.dk": "DEMOMETTEJENSENPXPJBSWY3DPEHPK3P",
    "jonas@demo.ips-portal.dk": "DEMOJONASHOLMK3PXPJBSWY3DPEHPK3P",
    "sara@demo.ips-portal.se": "DEMOSARALINDQVISTPJBSWY3DPEHPK3P",
    "lead@demo.ips-portal.se": "DEMOLEADKARINS2PXPJBSWY3DPEHPK3P",
    # Treatment and agency contacts read participants' health information: a code too.
    "behandler@demo.ips-portal.dk": "DEMOKARENHOLMK3PXPJBSWY3DPEHPK3P",
    "arbetsformedlingen@demo.ips-portal.se": "DEMOLARSBERGPK3PXPJBSWY3DPEHPK3P",
}

# Two teams in two countries, each with its own lead, specialists, participants and employer
# records, so that both sides of every team boundary can be tried.
TEAMS = {"IPS Odense": Country.DENMARK, "IPS Botkyrka": Country.SWEDEN}
# Their names on the public "I would like to work" page, which must not say IPS.
PUBLIC_NAMES = {"IPS Odense": "Jobstøtte Odense", "IPS Botkyrka": "Jobbstöd Botkyrka"}

# (role, e-mail, name, team, specialist e-mail, workplace, language). Staff belong to their
# team (a lead leads it); an employer contact is linked to that team's record of the workplace.
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
        Role.ADMIN,
        "lead@demo.ips-portal.se",
        "Karin Sjöberg",
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
        "IPS Odense",
        None,
        "Brugsen Vollsmose",
        "da",
    ),
    (
        Role.EMPLOYER,
        "lager@demo.ips-portal.se",
        "Maria Berg",
        "IPS Botkyrka",
        None,
        "Lagerhuset i Tumba AB",
        "sv",
    ),
    (
        # One person, two teams: PostNord's recruiter works with IPS Botkyrka and with IPS
        # Odense, and each team keeps its own record of PostNord (see shared_contact).
        Role.EMPLOYER,
        "postnord@demo.ips-portal.se",
        "Johan Lindberg",
        "IPS Botkyrka",
        None,
        "PostNord",
        "sv",
    ),
    # Treatment and agency contacts belong to no team; who shares with them: demo/partners.py.
    (Role.PARTNER, "behandler@demo.ips-portal.dk", "Karen Holm", None, None, None, "da"),
    (
        Role.PARTNER,
        "arbetsformedlingen@demo.ips-portal.se",
        "Lars Berg",
        None,
        None,
        None,
        "sv",
    ),
]


def load_demo_data() -> str:
    """Create the demo teams and accounts, all with the demo password, a plan in progress,
    and jobs; return the link of Kim Larsen's waiting check-in."""
    teams = {}
    for name, country in TEAMS.items():
        teams[name] = Team(name=name, country=country, public_name=PUBLIC_NAMES[name])
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
        if email in DEMO_TOTP_SECRETS:
            users[email].totp_secret = DEMO_TOTP_SECRETS[email]
            users[email].mfa_enabled_at = utcnow()
    plan_in_progress(users["anna@demo.ips-portal.dk"], users["mette@demo.ips-portal.dk"])
    plan_in_progress_sv(users["elin@demo.ips-portal.se"], users["sara@demo.ips-portal.se"])
    conversations(users)
    education_sv(users["elin@demo.ips-portal.se"], users["sara@demo.ips-portal.se"])
    shared_contact(users, teams["IPS Odense"])
    load_demo_meetings(users)
    load_demo_partners(users)
    load_demo_history(users, DEMO_PASSWORD, local_today())
    load_demo_follow_along(users, local_today())
    job_told_nothing(users)
    waiting_referrals(users)
    load_demo_fidelity(users, local_today())
    participant_without_email(users, DEMO_PASSWORD)
    return job_with_checkins(users)
