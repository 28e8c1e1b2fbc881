"""The portal's routes as the route-derived tests see them (tests/test_access_matrix.py and
tests/test_hostile_input.py): every rule of `app.url_map` but the static files, and a value
for each of their parameters naming a record of the `people` and `anna_things` fixtures."""

import re
from datetime import timedelta

from portal.accounts.links import issue_link_token
from portal.accounts.models import Invitation, Passkey, TokenPurpose
from portal.accounts.services import NewAccount, create_user
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Role
from portal.fidelity.models import FidelityReview
from portal.intake.models import Referral, ReferralSource
from portal.partners.models import LinkState, PartnerKind, PartnerLink, PartnerNote
from portal.placements.models import EmployerContact
from tests.jobs.helpers import link_path

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
MISSING = 987654  # an id nobody has
# Routes whose address takes another record than the usual one of its kind: the parameter,
# and the key of `route_ids` to fill it with.
OTHER_IDS = {
    "plans.answer": {"step_id": "proposal_id"},
    "accounts.accept_invitation": {"token": "invitation_token"},
    "accounts.reset_password": {"token": "reset_token"},
}


def app_rules(app) -> list:
    """Every rule but the static files, in the order they are defined."""
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def fill(rule, ids: dict) -> str:
    """The rule's address with `ids` (from `route_ids`, or `missing_ids`) in it."""
    unknown = rule.arguments - ids.keys()
    assert not unknown, f"{rule.rule}: add {sorted(unknown)} to tests/routes.py route_ids"
    swapped = {name: ids[key] for name, key in OTHER_IDS.get(rule.endpoint, {}).items()}
    chosen = ids | swapped
    return PARAMETER.sub(lambda m: str(chosen[m.group(1)]), rule.rule)


def missing_ids(ids: dict) -> dict:
    """The same parameters, each naming nothing (a section that does not exist, a bad token)."""
    tokens = {key: "not-a-token" for key in ids if key.endswith("token")}
    return {key: MISSING for key in ids} | tokens | {"section_name": "nonsense"}


def route_ids(people: dict, anna_things: dict) -> dict:
    """A value for every route parameter: Anna's records, her specialist's invitation and job
    development log entry, their team, her workplace and its contact person, Bent's
    specialist's account, the check-in link's token, an invitation's link to an account
    not yet taken and a password reset link of Bent's. Call inside an app context."""
    specialist = people["specialist_a"]
    invitee = create_user(
        NewAccount(Role.CLIENT, "invitee@example.org", "Ivan Invitee", None, None, specialist.id),
        invited_by=db.merge(specialist),
    )
    employer_id = people["employer"].employers[0].id
    invitation = Invitation(
        invited_by_id=specialist.id,
        email="invited@example.org",
        name="Ines Inviteret",
        role=Role.CLIENT,
        expires_at=utcnow() + timedelta(days=7),
    )
    entry = EmployerContact(
        specialist_id=specialist.id,
        employer_id=employer_id,
        client_id=anna_things["client_id"],
        contact_on=local_today(),
        in_person=True,
        note="A visit",
    )
    # A treatment contact Anna's specialist has asked her about (she has not answered).
    asked = create_user(NewAccount(Role.PARTNER, "asked.contact@example.org", "Asta Asked"))
    link = PartnerLink(
        client_id=anna_things["client_id"],
        partner_id=asked.id,
        team_id=people["team"].id,
        kind=PartnerKind.GP,
        organisation="Lægehuset",
        state=LinkState.ASKED,
        recorded_by_id=specialist.id,
    )
    # A note about treatment only that contact wrote (made on the model: they may not now).
    note = PartnerNote(
        link=link, client_id=link.client_id, author_id=asked.id, text="A note", treatment_only=True
    )
    # A self-referral waiting at their team, which shows on the public page by this name.
    team = db.merge(people["team"])
    team.public_name = f"Jobstøtte {team.id}"
    referral = Referral(
        team_id=team.id, source=ReferralSource.SELF, name="Rita Referral", phone="20 30 40 50"
    )
    # Anna's passkey (its key is never checked here).
    passkey = Passkey(
        user_id=anna_things["client_id"], credential_id="anna-key", public_key=b"k", name="Phone"
    )
    # An open fidelity review of their team.
    today = local_today()
    review = FidelityReview(
        team_id=team.id,
        period=str(today.year),
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
        created_by_id=people["admin"].id,
    )
    db.add_all([invitation, entry, link, note, referral, passkey, review])
    invitation_token = issue_link_token(invitee, TokenPurpose.INVITATION)
    reset_token = issue_link_token(db.merge(people["client_b"]), TokenPurpose.PASSWORD_RESET)
    db.commit()
    return {
        **{key: value for key, value in anna_things.items() if key != "checkin_link"},
        "token": link_path(anna_things["checkin_link"]).rsplit("/", 1)[1],
        "invitation_token": invitation_token,
        "reset_token": reset_token,
        "invitation_id": invitation.id,
        "entry_id": entry.id,
        "link_id": link.id,
        "note_id": note.id,
        "referral_id": referral.id,
        "passkey_id": passkey.id,
        "fidelity_review_id": review.id,
        "item_key": "S2",
        "team_id": people["team"].id,
        "employer_id": employer_id,
        "contact_id": people["employer"].id,
        "user_id": people["specialist_b"].id,
    }
