"""National eID (MitID, BankID, Freja eID) through an OpenID Connect broker, the usual route
in Denmark and Sweden: the broker speaks the eID and answers the portal in OIDC.

Authlib does the protocol: the authorization code flow with PKCE (S256), `state` and `nonce`
kept in the signed session cookie (so any app server takes the answer), and the ID token's
signature (the broker's published keys), issuer, audience, expiry and nonce checked. Each
answer is taken once: the state is spent whatever the outcome.

Only the broker's stable, pseudonymous subject is kept (EidLink), never anything else the
token says; a value shaped like a CPR number or personnummer is refused rather than stored.
"""

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import current_app, session
from flask_babel import gettext as _
from joserfc.errors import JoseError
from sqlalchemy import select

from portal.accounts.models import EidLink, Passkey
from portal.accounts.services import AccountError, may_sign_in
from portal.core.db import db, utcnow
from portal.core.identity import User

log = logging.getLogger(__name__)

BROKER_KEY = "eid_broker"
ERRAND_KEY = "eid_errand"
# The settings a broker client is made from: a change (the tests switch brokers) makes anew.
SETTINGS = (
    "EID_ISSUER",
    "EID_CLIENT_ID",
    "EID_CLIENT_SECRET",
    "EID_PRIVATE_KEY_FILE",
    "EID_PRIVATE_KEY_ID",
    "EID_SCOPES",
    "EID_TIMEOUT",
)
LEEWAY_SECONDS = 60  # for clocks a little apart; an older token is expired
# A CPR number (DDMMYY-SSSS) or a personnummer (YYMMDD-NNNN or YYYYMMDD-NNNN), with or
# without its dash: an identity number has no place in the portal.
IDENTITY_NUMBER = re.compile(r"\d{6}(\d{2})?[-+]?\d{4}")


class EidRefused(Exception):
    """The broker's answer proves no one: the same words to the person whatever the reason."""


class EidUnavailable(Exception):
    """The broker could not be reached: try again later, or sign in another way."""


@dataclass(frozen=True)
class EidIdentity:
    issuer: str
    subject: str
    acr: str | None


def eid_enabled() -> bool:
    cfg = current_app.config
    return bool(cfg.get("EID_ISSUER") and cfg.get("EID_CLIENT_ID"))


def eid_name() -> str:
    """What the installation calls its eID on buttons: "MitID", "BankID"..."""
    return current_app.config.get("EID_NAME") or "eID"


def _broker() -> FlaskOAuth2App:
    """The broker's OIDC client, made once per process from the settings."""
    cfg = current_app.config
    settings = tuple(cfg[name] for name in SETTINGS)
    kept = current_app.extensions.get(BROKER_KEY)
    if kept is not None and kept[0] == settings:
        return kept[1]
    secret, auth_method, auth_methods = cfg["EID_CLIENT_SECRET"], {}, None
    if cfg["EID_PRIVATE_KEY_FILE"]:
        # private_key_jwt: the broker holds the public half; no shared secret to leak.
        secret = Path(cfg["EID_PRIVATE_KEY_FILE"]).read_text()
        headers = {"kid": cfg["EID_PRIVATE_KEY_ID"]} if cfg["EID_PRIVATE_KEY_ID"] else None
        auth_methods = [PrivateKeyJWT(headers=headers)]
        auth_method = {"token_endpoint_auth_method": "private_key_jwt"}
    broker = FlaskOAuth2App(
        FlaskIntegration("eid"),
        "eid",
        client_id=cfg["EID_CLIENT_ID"],
        client_secret=secret,
        server_metadata_url=cfg["EID_ISSUER"] + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": cfg["EID_SCOPES"],
            "code_challenge_method": "S256",
            "default_timeout": cfg["EID_TIMEOUT"],
            **auth_method,
        },
        client_auth_methods=auth_methods,
    )
    current_app.extensions[BROKER_KEY] = (settings, broker)
    return broker


def _metadata(broker: FlaskOAuth2App) -> dict:
    try:
        metadata = broker.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        log.warning("The eID broker could not be reached (%s)", type(error).__name__)
        raise EidUnavailable from None
    if metadata.get("issuer") != current_app.config["EID_ISSUER"]:
        # Discovery must name the issuer it was asked for, or its tokens prove nothing.
        log.error("The eID broker's metadata names another issuer than EID_ISSUER")
        broker.server_metadata.clear()  # asked again next time, in case it is mended
        raise EidUnavailable
    return metadata


def begin_eid(errand: dict, return_url: str, language: str):
    """Send the browser to the broker; `errand` says what the answer is for when it comes."""
    broker = _broker()
    _metadata(broker)
    session[ERRAND_KEY] = errand
    extra = {"ui_locales": language}
    if current_app.config["EID_ACR_VALUES"]:
        extra["acr_values"] = current_app.config["EID_ACR_VALUES"]
    try:
        return broker.authorize_redirect(return_url, **extra)
    except (requests.RequestException, AuthlibBaseError, RuntimeError) as error:
        log.warning("The eID sign-in could not start (%s)", type(error).__name__)
        raise EidUnavailable from None


def take_errand() -> dict:
    """What the answer now arriving is for, once."""
    errand = session.pop(ERRAND_KEY, None)
    return errand if isinstance(errand, dict) else {}


def identity_from_answer() -> EidIdentity:
    """Check the broker's answer on this request (the code, the state, the ID token) and
    return who it proves, or raise EidRefused."""
    broker = _broker()
    cfg = current_app.config
    _metadata(broker)
    claims_options = {"iss": {"essential": True, "values": [cfg["EID_ISSUER"]]}}
    try:
        token = broker.authorize_access_token(claims_options=claims_options, leeway=LEEWAY_SECONDS)
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, TypeError) as error:
        # The kind of refusal only: the answer's contents never reach the log.
        log.info("An eID answer was refused (%s)", type(error).__name__)
        raise EidRefused from None
    claims = token.get("userinfo") or {}  # no ID token: no proof
    subject = claims.get(cfg["EID_SUBJECT_CLAIM"])
    if not isinstance(subject, str) or not subject.strip() or len(subject) > 255:
        log.info("An eID answer was refused (no subject)")
        raise EidRefused
    if IDENTITY_NUMBER.fullmatch(subject.strip()):
        log.error(
            "The eID subject looks like a CPR number or personnummer and was not kept: set "
            "EID_SUBJECT_CLAIM to the broker's pseudonymous subject"
        )
        raise EidRefused
    acr = claims.get("acr")
    return EidIdentity(cfg["EID_ISSUER"], subject, acr if isinstance(acr, str) else None)


def counts_as_two_factors(identity: EidIdentity) -> bool:
    """Signed in at a level the installation accepts as two factors (MitID substantial...)."""
    return identity.acr is not None and identity.acr in current_app.config["EID_TWO_FACTOR_ACR"]


# --- links ------------------------------------------------------------------------------


def eid_link_of(user: User) -> EidLink | None:
    return db.scalar(select(EidLink).where(EidLink.user_id == user.id))


def _link_of_identity(identity: EidIdentity) -> EidLink | None:
    return db.scalar(
        select(EidLink).where(
            EidLink.issuer == identity.issuer, EidLink.subject == identity.subject
        )
    )


def user_of_eid(identity: EidIdentity) -> User | None:
    """The person who linked this eID, if they may sign in."""
    link = _link_of_identity(identity)
    if link is None:
        return None
    user = db.get(User, link.user_id)
    if not may_sign_in(user):
        return None
    link.last_used_at = utcnow()
    return user


def link_eid(user: User, identity: EidIdentity) -> EidLink:
    """Link `identity` to `user` (in place of an earlier link of theirs)."""
    taken = _link_of_identity(identity)
    if taken is not None and taken.user_id != user.id:
        raise AccountError(_("This eID is already linked to another account in the portal."))
    if taken is not None:
        return taken
    earlier = eid_link_of(user)
    if earlier is not None:
        db.delete(earlier)
        db.flush()
    link = EidLink(user_id=user.id, issuer=identity.issuer, subject=identity.subject)
    db.add(link)
    db.flush()
    return link


def unlink_eid(user: User) -> None:
    """Remove the person's eID link, unless it is their only way in."""
    link = eid_link_of(user)
    if link is None:
        return
    has_passkey = db.scalar(select(Passkey.id).where(Passkey.user_id == user.id).limit(1))
    if user.password_hash is None and has_passkey is None:
        raise AccountError(
            _(
                "Your eID is your only way to sign in. Add a passkey first, or ask your "
                "employment specialist for a sign-in code and choose a password with it."
            )
        )
    db.delete(link)
    db.flush()
