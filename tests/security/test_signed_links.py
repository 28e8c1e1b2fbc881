"""One-time links already in someone's inbox keep working when the code that makes them moves
(portal/core/signed_links.py): the salts, the payloads and the stored hash are pinned here, as
the portal signed them before, and a link of one purpose never opens another."""

import hashlib
import secrets
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from portal.accounts.links import check_link_token
from portal.accounts.models import AccountToken, TokenPurpose
from portal.core.db import db, utcnow
from portal.core.signed_links import LinkProblem, read, refuse_spent, sign


def signed_as_before(app, payload, salt: str) -> str:
    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=salt).dumps(payload)


def stored_token(user_id: int, raw: str, purpose=TokenPurpose.INVITATION) -> AccountToken:
    token = AccountToken(
        user_id=user_id,
        purpose=purpose,
        token_hash=hashlib.sha256(raw.encode()).hexdigest(),
        expires_at=utcnow() + timedelta(days=1),
    )
    db.add(token)
    db.flush()
    return token


def test_an_account_link_signed_before_still_opens_and_only_for_its_purpose(app, people):
    raw = secrets.token_urlsafe(32)
    with app.app_context():
        token = stored_token(people["client_a"].id, raw)
        link = signed_as_before(app, {"t": raw, "p": "invitation"}, "account-link")
        assert check_link_token(link, TokenPurpose.INVITATION).id == token.id
        with pytest.raises(LinkProblem) as problem:
            check_link_token(link, TokenPurpose.PASSWORD_RESET)
        assert problem.value.reason == "invalid"
        foreign = signed_as_before(app, {"t": raw, "p": "invitation"}, "checkin-link")
        with pytest.raises(LinkProblem) as problem:
            check_link_token(foreign, TokenPurpose.INVITATION)
        assert problem.value.reason == "invalid"


def test_a_checkin_link_signed_before_reads_the_same(app):
    with app.app_context():
        link = signed_as_before(app, [7, "raw"], "checkin-link")
        assert read(link, "checkin-link", timedelta(days=1)) == [7, "raw"]
        assert sign([7, "raw"], "checkin-link").split(".")[0] == link.split(".")[0]


def test_the_reasons_a_link_cannot_be_used(app):
    with app.app_context():
        with pytest.raises(LinkProblem) as problem:
            read("not-a-token", "account-link")
        assert problem.value.reason == "invalid"
        with pytest.raises(LinkProblem) as problem:
            refuse_spent("row", utcnow(), utcnow() + timedelta(days=1))
        assert (problem.value.reason, problem.value.row) == ("used", "row")
        with pytest.raises(LinkProblem) as problem:
            refuse_spent("row", None, utcnow() - timedelta(seconds=1))
        assert problem.value.reason == "expired"
        refuse_spent("row", None, utcnow() + timedelta(seconds=5))  # open: nothing raised
