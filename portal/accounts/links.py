"""One-time account links: the invitation and password reset links sent by e-mail.

A link carries a signed random token; only its SHA-256 is stored, with its purpose and its
expiry, and using it (or sending a newer one) spends it (ASVS S13)."""

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.accounts.models import AccountToken, TokenPurpose
from portal.core.db import db, utcnow
from portal.core.identity import User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email
from portal.core.signed_links import LinkProblem, hash_token, new_token, read, refuse_spent, sign

# In every invitation and reset link already sent: another salt would close them all.
LINK_SALT = "account-link"


def link_lifetime(purpose: TokenPurpose) -> timedelta:
    """How long a link of this kind works (from the configuration)."""
    key = "INVITATION_MAX_AGE" if purpose == TokenPurpose.INVITATION else "PASSWORD_RESET_MAX_AGE"
    return current_app.config[key]


def issue_link_token(user: User, purpose: TokenPurpose, created_by: User | None = None) -> str:
    """Store a new one-time token for `user` and return its signed form for the link."""
    raw = new_token()
    db.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(raw),
            created_by_id=created_by.id if created_by else None,
            expires_at=utcnow() + link_lifetime(purpose),
        )
    )
    db.flush()
    return sign({"t": raw, "p": purpose.value}, LINK_SALT)


def check_link_token(signed: str, purpose: TokenPurpose) -> AccountToken:
    """Return the unused, unexpired token behind a link, or raise LinkProblem with the reason."""
    data = read(signed, LINK_SALT, link_lifetime(purpose))
    if not isinstance(data, dict) or data.get("p") != purpose.value:
        raise LinkProblem("invalid")
    token = db.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == hash_token(str(data.get("t"))),
            AccountToken.purpose == purpose,
        )
    )
    if token is None:
        raise LinkProblem("invalid")
    refuse_spent(token, token.used_at, token.expires_at)
    return token


def spend_open_links(user: User, purpose: TokenPurpose) -> None:
    """Spend every open token of this kind, so an older link cannot be used afterwards. One
    statement however many there are, so that the invitations' rehearsal does the same work
    for an account with open links as for a new one (portal.accounts.same_answer)."""
    db.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )


def issue_fresh_link(user: User, purpose: TokenPurpose, created_by: User | None = None) -> str:
    """Spend `user`'s open links of this kind and issue a new one (its signed form)."""
    spend_open_links(user, purpose)
    return issue_link_token(user, purpose, created_by)


def send_link(user: User, purpose: TokenPurpose, signed: str, inviter: User | None) -> None:
    """Queue the e-mail with the link, in the account's own language."""
    invitation = purpose == TokenPurpose.INVITATION
    endpoint = "accounts.accept_invitation" if invitation else "accounts.reset_password"
    template = "invitation" if invitation else "password_reset"
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        link = external_url(endpoint, token=signed)
        subject = (
            _("Your invitation: choose a password") if invitation else _("Choose a new password")
        )
        body = render_template(
            f"accounts/email/{template}.txt", user=user, link=link, inviter=inviter
        )
    queue_email(user.email, subject, body)
