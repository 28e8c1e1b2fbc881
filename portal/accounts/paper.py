"""Participants without e-mail: the specialist makes the account and hands over a one-time
sign-in code on paper; the person signs in with a short user name and the code, and chooses
a password. A lost password is mended the same way: the specialist makes a new code (the old
ones stop working), and the participant's access log says who made it and when.

What would have been e-mailed to such a person waits for their next sign-in instead
(portal.core.outbox.HeldEmail)."""

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, make_response, render_template
from sqlalchemy import select

from portal.accounts.links import spend_open_links
from portal.accounts.models import AccountToken, TokenPurpose
from portal.accounts.passwords import hash_password
from portal.accounts.services import NewAccount, create_user, find_user_to_sign_in
from portal.accounts.sessions import end_other_login_sessions
from portal.core.audit import AuditEntry
from portal.core.authz import is_own_client, require
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.navigation import external_url
from portal.core.signed_links import hash_token

# No 0/O, 1/I/L, 5/S or 8/B: read off paper by a tired person on a small screen.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ2345679"
CODE_LENGTH = 12  # 57 bits; tries are throttled like passwords
CODE_GROUP = 4
USERNAME_DIGITS = 3
PAPER_CODE = "accounts/paper_code.html"
NEW_CODE_ACTION = "new-code"  # the access log's word for it (portal.privacy.forms)


@dataclass(frozen=True)
class PaperCode:
    """A code to print or write down, shown once: only its hash is kept."""

    user: User
    code: str
    expires_at: datetime


def show_paper_code(paper: PaperCode):
    """The page with the code to print (for a new account, from a referral or a lost
    password). Shown this once, as only the hash is kept, and never cached by the browser."""
    address = external_url("accounts.code_login")
    response = make_response(render_template(PAPER_CODE, paper=paper, portal_address=address))
    response.headers["Cache-Control"] = "no-store"
    return response


def code_lifetime():
    return current_app.config["SIGN_IN_CODE_MAX_AGE"]


def _normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def _code_hash(user_id: int, code: str) -> str:
    # The account's id in the hash: a code is worth nothing on another account.
    return hash_token(f"{user_id}:{_normalised(code)}")


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def _username_stem(name: str) -> str:
    first = (name.split() or ["deltager"])[0]
    ascii_name = unicodedata.normalize("NFKD", first.replace("ø", "o").replace("æ", "ae"))
    stem = re.sub(r"[^a-z]", "", ascii_name.encode("ascii", "ignore").decode().lower())
    return (stem or "deltager")[:12]


def new_username(name: str) -> str:
    """A short user name from the first name and three digits ("karen482"), not taken yet."""
    stem = _username_stem(name)
    while True:
        candidate = f"{stem}{secrets.randbelow(900) + 100}"
        if db.scalar(select(User.id).where(User.username == candidate)) is None:
            return candidate


def _issue_code(actor: User, client: User) -> PaperCode:
    spend_open_links(client, TokenPurpose.SIGN_IN_CODE)
    code = _new_code()
    expires_at = utcnow() + code_lifetime()
    db.add(
        AccountToken(
            user_id=client.id,
            purpose=TokenPurpose.SIGN_IN_CODE,
            token_hash=_code_hash(client.id, code),
            created_by_id=actor.id,
            expires_at=expires_at,
        )
    )
    db.add(
        AuditEntry(
            actor_id=actor.id,
            actor_role=actor.role.value,
            client_id=client.id,
            action=NEW_CODE_ACTION,
            what="accounts.sign_in_code",
        )
    )
    db.flush()
    return PaperCode(client, code, expires_at)


def create_paper_account(
    actor: User, name: str, locale: str | None, enrolled_on: date | None = None
) -> PaperCode:
    """A participant of `actor`'s caseload who signs in with a user name and a paper code."""
    require(actor.role == Role.SPECIALIST and actor.team_id is not None)
    account = NewAccount(
        role=Role.CLIENT,
        email=None,
        name=name,
        locale=locale,
        team_id=actor.team_id,
        specialist_id=actor.id,
        enrolled_on=enrolled_on,
        username=new_username(name),
    )
    client = create_user(account, invited_by=actor)
    return _issue_code(actor, client)


def may_make_code(actor: User, client: User) -> bool:
    """The participant's own specialist. Also for a participant with e-mail, who may have no
    way into their mailbox for a reset link: they type their address instead of a user name."""
    return (
        is_own_client(actor, client)
        and client.restricted_at is None
        and client.erased_at is None
        and client.deactivated_at is None
    )


def make_new_code(actor: User, client: User) -> PaperCode:
    """A new code for a lost password or an unused first one; earlier codes stop working."""
    require(may_make_code(actor, client))
    return _issue_code(actor, client)


def open_code(client: User) -> AccountToken | None:
    """The code that still works, if any (its hash only: the code itself was shown once)."""
    return db.scalar(
        select(AccountToken).where(
            AccountToken.user_id == client.id,
            AccountToken.purpose == TokenPurpose.SIGN_IN_CODE,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > utcnow(),
        )
    )


def redeem_code(identifier: str, code: str) -> User | None:
    """The account whose open code this is, or None (the same answer for any mismatch)."""
    token = code_token(identifier, code)
    return token.user if token is not None else None


def code_token(identifier: str, code: str) -> AccountToken | None:
    """The open code of the account named by `identifier`, if `code` is it."""
    user = find_user_to_sign_in(identifier)
    if (
        user is None
        or user.role != Role.CLIENT
        or user.deactivated_at is not None
        or user.erased_at is not None
    ):
        hash_token(f"0:{_normalised(code)}")  # the same work as for a known name
        return None
    return db.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _code_hash(user.id, code),
            AccountToken.purpose == TokenPurpose.SIGN_IN_CODE,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > utcnow(),
        )
    )


def still_open_code(token_id: object, user_id: object) -> AccountToken | None:
    """The code checked before the trip to the eID broker, if it still works on return."""
    if not isinstance(token_id, int) or not isinstance(user_id, int):
        return None
    token = db.get(AccountToken, token_id)
    if (
        token is None
        or token.user_id != user_id
        or token.purpose != TokenPurpose.SIGN_IN_CODE
        or token.used_at is not None
        or token.expires_at <= utcnow()
        or token.user.deactivated_at is not None
    ):
        return None
    return token


def spend_code(user: User) -> None:
    """The code has let its person in (with a new password, or by linking their eID): it
    works no more, and any browser signed in before is signed out."""
    spend_open_links(user, TokenPurpose.SIGN_IN_CODE)
    user.activated_at = user.activated_at or utcnow()
    user.login_token = None
    end_other_login_sessions(user)


def choose_password_with_code(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    spend_code(user)
