"""Requests that answer the same, and do the same work, whether or not an address has an
account: a password reset and an invitation. Being known to an IPS portal says that someone
is a participant, i.e. has a mental illness (GDPR art. 9), so neither the page nor the time
it takes may tell a stranger, or a specialist of another team, that an address is known.

For `/password/forgot` both branches run the same statements (find the person; write or look
up a link token; one outbox row), render the same e-mail and compute one argon2 hash:
tests/accounts/test_same_answer.py counts them. The outbox row of an unknown address is a
placeholder marked as already sent, addressed to nobody: it is never sent. We do not e-mail
an unknown address ("there is no account"), because then anyone could make the portal send
mail to any address, and that mail would tell whoever reads it (a partner, an employer's
shared mailbox) that this address was typed into an IPS portal.

An invitation runs the same statements whether or not the address had an account (for a
known one, a new account's work is rehearsed in a savepoint and taken back; counted in
tests/accounts/test_same_answer.py) and writes one row to its sender's list of sent
invitations, which shows it by the same rule for both until the invitee acts
(portal.accounts.invitations.sent_invitations): tests/accounts/test_sent_invitations.py compares
the pages.
"""

import secrets
from dataclasses import replace

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.invitations import record_invitation, renew_invitation
from portal.accounts.links import issue_fresh_link, issue_link_token, send_link
from portal.accounts.models import AccountToken, Invitation, TokenPurpose
from portal.accounts.passwords import hash_password
from portal.accounts.services import (
    AccountError,
    NewAccount,
    create_user,
    find_or_create_employer,
    find_user_by_email,
    link_employer_contact,
    resend_invitation,
)
from portal.core.authz import NotAllowed, led_team_ids, may_invite
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.navigation import external_url
from portal.core.outbox import OutboxEmail, queue_email
from portal.core.signed_links import hash_token


def _equal_hashing_time() -> None:
    """One argon2 hash on every request, known address or not. A reset stores only a SHA-256
    of its token, so neither branch needs one of its own; hashing a throwaway value in both
    puts the same large, noisy cost on each, next to which nothing else weighs."""
    hash_password(secrets.token_urlsafe(16))


def _reset_placeholder() -> None:
    """The unknown address's half: look up a token as the other half writes one, render the
    same e-mail, and store an outbox row that is never sent (sent already, to nobody)."""
    raw = secrets.token_urlsafe(32)
    db.scalar(select(AccountToken.id).where(AccountToken.token_hash == hash_token(raw)))
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        render_template(
            "accounts/email/password_reset.txt",
            user=User(name="-"),
            link=external_url("accounts.reset_password", token=raw),
            inviter=None,
        )
    db.add(OutboxEmail(recipient="", subject="", body="", sent_at=utcnow()))


def request_password_reset(email: str) -> None:
    """E-mail a reset link to an active account; for any other address do the same work and
    send nothing (see the module's docstring)."""
    user = find_user_by_email(email)
    _equal_hashing_time()
    if user is None or not user.is_active or user.deactivated_at is not None:
        _reset_placeholder()
        return
    signed = issue_link_token(user, TokenPurpose.PASSWORD_RESET)
    send_link(user, TokenPurpose.PASSWORD_RESET, signed, None)


def invite_user(actor: User, account: NewAccount) -> Invitation:
    """Create an invited account on `actor`'s behalf and e-mail its one-time link; for an
    address that has an account, e-mail its owner instead (see tell_existing_account).
    Either way the inviter's list of sent invitations gets the same row."""
    if not may_invite(actor, account.role):
        raise AccountError(_("You cannot invite this kind of account."), "role")
    if actor.role == Role.SPECIALIST:
        # A specialist's invitees join the specialist's own team and, for clients, caseload;
        # an employer contact is linked to the team's own record of their workplace.
        account.team_id = actor.team_id
        account.specialist_id = actor.id if account.role == Role.CLIENT else None
    if account.role != Role.EMPLOYER:
        account.workplace = None
    if actor.role == Role.ADMIN:
        # A lead's staff join one of the teams the lead leads, never another (a forged form
        # could name any team id). Checked before the address is looked up, so the refusal
        # is the same for a known address and an unknown one.
        led = led_team_ids(actor)
        if account.team_id is None and actor.team_id in led:
            account.team_id = actor.team_id
        if account.team_id not in led:
            raise AccountError(_("Choose one of the teams you lead."), "team")
    if account.role == Role.EMPLOYER and not account.workplace:
        raise AccountError(_("Write the name of the workplace."), "workplace")
    existing = find_user_by_email(account.email)
    invitation = record_invitation(actor, account)
    if existing is not None:
        if existing.role == Role.EMPLOYER == account.role:
            # A contact person another team already works with: this team's record of the
            # workplace gets them too (one account, linked to each team's record).
            link_employer_contact(
                existing, find_or_create_employer(account.team_id, account.workplace)
            )
        _rehearse_new_account(actor, account, existing)
        tell_existing_account(actor, existing)
        return invitation
    savepoint = db.begin_nested()  # as in the rehearsal, so both run the same statements
    user = create_user(account, invited_by=actor)
    signed = issue_fresh_link(user, TokenPurpose.INVITATION, actor)  # as resend_invitation
    savepoint.commit()
    send_link(user, TokenPurpose.INVITATION, signed, actor)
    return invitation


def _rehearse_new_account(actor: User, account: NewAccount, existing: User) -> None:
    """For a known address, write what a new one gets (an account and its link token) for a
    placeholder address, inside a savepoint that is then taken back: the same statements and
    the same work in the database as for an unknown address, so the time taken does not tell
    the inviter that the address was known. Nothing of it stays. An account still waiting
    for its first password gets a fresh link for real (tell_existing_account, by the same
    issue_fresh_link), so only the account is rehearsed for it. Each half calls the very
    functions the unknown address's path calls, so that whatever those load or write, the
    two stay equal by construction."""
    savepoint = db.begin_nested()
    placeholder = create_user(
        replace(account, email=f"placeholder-{secrets.token_hex(8)}@invalid"), invited_by=actor
    )
    if existing.is_active or existing.deactivated_at or existing.restricted_at:
        issue_fresh_link(placeholder, TokenPurpose.INVITATION, actor)
    savepoint.rollback()


def send_invitation_again(actor: User, invitation: Invitation) -> None:
    """Do an invitation's work again for its sender: after the first sending every address
    has an account, so the owner is told as for a known address: a fresh link while the
    account waits for its first password, how to sign in once it has one."""
    if invitation.invited_by_id != actor.id:
        raise NotAllowed
    renew_invitation(invitation)
    user = find_user_by_email(invitation.email)
    if user is not None:  # erasure takes the invitations with the address (portal.privacy)
        tell_existing_account(actor, user)


def tell_existing_account(actor: User, user: User) -> None:
    """Someone tried to invite an address that has an account: tell its owner how to sign
    in, not the inviter (who is answered as for any invitation). An account still waiting for
    its first password gets a fresh invitation link instead, which is what it needs. One that
    may be sent nothing, switched off or a participant whose records are restricted (GDPR
    art. 18), gets the e-mail written and a placeholder that is never sent in its place."""
    if user.deactivated_at is not None or user.restricted_at is not None:
        _already_have_an_account(user)
        db.add(OutboxEmail(recipient="", subject="", body="", sent_at=utcnow()))
        return
    if not user.is_active:
        resend_invitation(actor, user)
        return
    queue_email(user.email, *_already_have_an_account(user))


def _already_have_an_account(user: User) -> tuple[str, str]:
    """The subject and body telling an account's owner how to sign in, in their language."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(
            "accounts/email/already_have_an_account.txt",
            user=user,
            login=external_url("accounts.login"),
            forgot=external_url("accounts.forgot_password"),
        )
        return _("You already have an account in the portal"), body
