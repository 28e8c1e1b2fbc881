"""Demo treatment and agency contacts: who has said yes to whom, and what each may see.

Karen Holm, Anna's psychiatrist's contact person in Odense, sees Anna's goals, plan and
meeting summaries (Anna said yes in the portal); Peter has been asked about her and has not
answered, so she sees nothing of him. Lars Berg at Arbetsförmedlingen Botkyrka sees Elin's
plan, which Elin agreed to on paper (Sara recorded it; Elin is shown it at her next sign-in).
Nobody else shares anything with them."""

from datetime import timedelta

from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.partners.models import (
    ConsentWay,
    LinkState,
    PartnerKind,
    PartnerLink,
    PartnerLinkEvent,
)

KAREN = "behandler@demo.ips-portal.dk"
LARS = "arbetsformedlingen@demo.ips-portal.se"
# (participant, contact, kind, organisation, state, way, shares, who recorded it, days ago,
# the words the participant was shown, in their language)
LINKS = [
    (
        "anna@demo.ips-portal.dk",
        KAREN,
        PartnerKind.PSYCHIATRY,
        "Psykiatrien i Region Syddanmark, Odense",
        LinkState.ACTIVE,
        ConsentWay.PORTAL,
        ("goals", "plan", "meetings"),
        None,
        12,
        "Ja, Karen Holm må se: Mine mål, Min plan, Referater af mine møder. "
        "Jeg kan ændre det eller stoppe det når som helst.",
    ),
    (
        "peter@demo.ips-portal.dk",
        KAREN,
        PartnerKind.PSYCHIATRY,
        "Psykiatrien i Region Syddanmark, Odense",
        LinkState.ASKED,
        None,
        (),
        None,
        3,
        "Mette Jensen spørger, om Karen Holm må se noget af det, du har i portalen. "
        "Du bestemmer hvad, og du kan stoppe det når som helst.",
    ),
    (
        "elin@demo.ips-portal.se",
        LARS,
        PartnerKind.JOB_CENTRE,
        "Arbetsförmedlingen Botkyrka",
        LinkState.ACTIVE,
        ConsentWay.PAPER,
        ("plan",),
        "sara@demo.ips-portal.se",
        5,
        "Sara Lindqvist skrev in att du på papper sa ja till att Lars Berg får se: Min plan.",
    ),
]


def load_demo_partners(users: dict) -> None:
    """Link the demo contacts (accounts of portal/demo/seed.py) to the participants above."""
    now, today = utcnow(), local_today()
    for email, contact, kind, organisation, state, way, shares, recorder, days, words in LINKS:
        client, recorded_by = users[email], users.get(recorder)
        answered = state != LinkState.ASKED
        link = PartnerLink(
            client_id=client.id,
            partner_id=users[contact].id,
            team_id=client.team_id,
            kind=kind,
            organisation=organisation,
            state=state,
            consent_way=way,
            consent_on=today - timedelta(days=days) if answered else None,
            recorded_by_id=recorded_by.id if recorded_by else None,
            created_at=now - timedelta(days=days + 1),
            answered_at=now - timedelta(days=days) if answered else None,
            **{f"share_{name}": True for name in shares},
        )
        db.add(link)
        db.flush()
        what = "paper" if way == ConsentWay.PAPER else ("given" if answered else "asked")
        actor = recorded_by or (client if answered else client.specialist)
        db.add(
            PartnerLinkEvent(
                link_id=link.id,
                client_id=client.id,
                actor_id=actor.id,
                what=what,
                shares=",".join(shares),
                wording=words,
                locale=client.locale,
                created_at=now - timedelta(days=days),
            )
        )
    db.flush()
