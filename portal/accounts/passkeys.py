"""Passkeys (WebAuthn): registered under My account, several per person, named and removable;
a passkey signs its person in with one tap, and counts as two factors for staff (the device
and the fingerprint, face or PIN that unlocks it: user verification is required).

The challenge of each ceremony waits in the signed session cookie and is used once. The
options and the answers travel as WebAuthn's JSON (portal.js turns them into the browser's
own objects); py_webauthn checks the answers."""

import json
from urllib.parse import urlsplit

from flask import current_app, session
from flask_babel import gettext as _
from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portal.accounts.models import Passkey
from portal.accounts.services import AccountError, may_sign_in
from portal.core.db import db, utcnow
from portal.core.identity import User

RP_NAME = "Jobportalen"  # shown by the phone when it asks; says nothing about IPS
CHALLENGE_KEY = "webauthn_challenge"
MAX_PASSKEYS = 10


class PasskeyRefused(Exception):
    """An answer that does not prove the passkey: the same words whatever the reason."""


def relying_party() -> tuple[str, str]:
    """The site's domain (the relying party id) and its origin."""
    cfg = current_app.config
    public = urlsplit(cfg["PUBLIC_URL"] or "")
    host, netloc = public.hostname or "localhost", public.netloc
    if host == "127.0.0.1":  # development: browsers take passkeys for a name, not an address
        host, netloc = "localhost", netloc.replace("127.0.0.1", "localhost")
    origin = cfg["WEBAUTHN_ORIGIN"] or f"{public.scheme}://{netloc}"
    return cfg["WEBAUTHN_RP_ID"] or host, origin


def _keep_challenge(purpose: str, challenge: bytes) -> None:
    session[CHALLENGE_KEY] = {"for": purpose, "c": bytes_to_base64url(challenge)}


def _take_challenge(purpose: str) -> bytes:
    """The challenge of this ceremony, once: a second answer to it is refused."""
    kept = session.pop(CHALLENGE_KEY, None)
    if not isinstance(kept, dict) or kept.get("for") != purpose or not kept.get("c"):
        raise PasskeyRefused
    return base64url_to_bytes(kept["c"])


def list_passkeys(user: User) -> list[Passkey]:
    query = select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.created_at)
    return list(db.scalars(query))


# --- registering ------------------------------------------------------------------------


def registration_options(user: User) -> str:
    rp_id, _origin = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_id=str(user.id).encode(),
        user_name=user.sign_in_name,
        user_display_name=user.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id))
            for key in list_passkeys(user)
        ],
    )
    _keep_challenge("register", options.challenge)
    return options_to_json(options)


def register_passkey(user: User, credential: str, name: str) -> Passkey:
    """Check the browser's answer and keep its public key under `name`."""
    if len(list_passkeys(user)) >= MAX_PASSKEYS:
        raise AccountError(_("You have 10 passkeys. Remove one before adding another."), "name")
    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(
            credential=json.loads(credential),
            expected_challenge=_take_challenge("register"),
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    # Any malformed answer is refused the same way (WebAuthnException covers each kind).
    except (PasskeyRefused, WebAuthnException, ValueError, TypeError, KeyError, AttributeError):
        raise AccountError(_("The passkey could not be saved. Please try again."), "name") from None
    passkey = Passkey(
        user_id=user.id,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name,
    )
    db.add(passkey)
    db.flush()
    return passkey


def remove_passkey(passkey: Passkey) -> None:
    db.delete(passkey)
    db.flush()


# --- signing in -------------------------------------------------------------------------


def sign_in_options() -> str:
    """Options for any passkey of this site: the phone offers the person's own."""
    rp_id, _origin = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED
    )
    _keep_challenge("sign-in", options.challenge)
    return options_to_json(options)


def user_of_passkey(credential: str) -> User:
    """The person this answer proves, or PasskeyRefused. A counter that did not grow is a
    copied passkey: refused, whoever holds it."""
    rp_id, origin = relying_party()
    challenge = _take_challenge("sign-in")  # used up whatever the answer
    try:
        answer = json.loads(credential)
        passkey = db.scalar(select(Passkey).where(Passkey.credential_id == str(answer["id"])))
        if passkey is None:
            raise PasskeyRefused
        verified = verify_authentication_response(
            credential=answer,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError):
        raise PasskeyRefused from None
    user = db.get(User, passkey.user_id)
    if not may_sign_in(user):
        raise PasskeyRefused
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return user
