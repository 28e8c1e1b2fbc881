"""Shared steps of the intake tests: a team on the public page, and a referral waiting."""

import re
from datetime import timedelta

from portal.core.db import db, utcnow
from portal.intake.models import Referral, ReferralSource
from tests.helpers import post_form

PUBLIC_NAME = "Jobstøtte Testby"
ASK = {"name": "Rita Hansen", "phone": "20 30 40 50", "email": "", "work_wish": "A bakery"}


def put_on_public_page(app, team) -> int:
    with app.app_context():
        db.merge(team).public_name = PUBLIC_NAME
        db.commit()
        return team.id


def ask(browser, team_id: int, **changes):
    page = f"/i-would-like-to-work/{team_id}"
    return post_form(browser, page, {**ASK, "website": "", **changes}, page=page)


def waiting_referral(app, team, days_ago: int = 0, **fields) -> int:
    """A self-referral of `team`, made `days_ago` days back (inside no app context)."""
    with app.app_context():
        referral = Referral(
            team_id=team.id,
            source=ReferralSource.SELF,
            name=fields.pop("name", "Rita Hansen"),
            phone=fields.pop("phone", "20 30 40 50"),
            created_at=utcnow() - timedelta(days=days_ago),
            **fields,
        )
        db.add(referral)
        db.commit()
        return referral.id


def shown_code(html: str) -> tuple[str, str]:
    """The user name (or address) and the code on a printed sign-in code page."""
    username = re.search(r'id="paper-username">([^<]+)<', html).group(1).strip()
    code = re.search(r'id="paper-code">([^<]+)<', html).group(1).strip()
    return username, code
