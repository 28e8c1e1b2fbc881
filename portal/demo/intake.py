"""Intake in the demo: a self-referral and a clinic's referral waiting at IPS Odense, and Bo, a
participant without e-mail who signs in with a user name, with news kept for his next sign-in."""

from datetime import timedelta

from portal.accounts.services import NewAccount, create_user
from portal.core.db import db, utcnow
from portal.core.identity import Role
from portal.intake.models import Referral, ReferralSource
from portal.messaging.services import start_conversation

DEMO_USERNAME = "bo101"  # published in the README, demo only


def waiting_referrals(users: dict) -> None:
    mette = users["mette@demo.ips-portal.dk"]
    karen = users["behandler@demo.ips-portal.dk"]
    db.add_all(
        [
            Referral(
                team_id=mette.team_id,
                source=ReferralSource.SELF,
                name="Sofie Hansen",
                phone="20 30 40 50",
                work_wish="Noget med dyr, måske i en dyrehandel.",
                locale="da",
                created_at=utcnow() - timedelta(days=3),
            ),
            Referral(
                team_id=mette.team_id,
                source=ReferralSource.CLINIC,
                referred_by_id=karen.id,
                name="Mikkel Sørensen",
                email="mikkel.sorensen@example.dk",
                locale="da",
                created_at=utcnow() - timedelta(days=8),
                tries=1,
                last_try_at=utcnow() - timedelta(days=6),
            ),
        ]
    )
    db.flush()


def participant_without_email(users: dict, password: str) -> None:
    """Bo chose his password with the code from paper; a message from Mette waits for him on
    his home page, as the e-mail he has no address for."""
    mette = users["mette@demo.ips-portal.dk"]
    account = NewAccount(
        role=Role.CLIENT,
        email=None,
        name="Bo Christensen",
        locale="da",
        team_id=mette.team_id,
        specialist_id=mette.id,
        username=DEMO_USERNAME,
    )
    bo = create_user(account, password=password, invited_by=mette)
    start_conversation(
        mette,
        bo,
        "Vores første møde",
        "Hej Bo. Tak for i dag. Jeg ringer til dig på fredag, som vi aftalte.",
    )
