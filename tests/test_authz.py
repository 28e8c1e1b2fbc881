"""Object-level predicates: who may see a client's data, who may invite whom."""

import pytest

from portal.accounts.invitations import may_manage_invitation
from portal.core.authz import may_invite, may_view_client
from portal.core.identity import Role


def test_only_the_client_and_their_own_specialist_see_the_clients_data(people):
    client_a = people["client_a"]
    allowed = {"client_a", "specialist_a"}
    for key, person in people.items():
        if key == "team":
            continue
        assert may_view_client(person, client_a) is (key in allowed), key


def test_a_non_client_is_never_treated_as_a_client(people):
    assert not may_view_client(people["specialist_a"], people["specialist_a"])
    assert not may_view_client(people["admin"], people["employer"])


@pytest.mark.parametrize(
    ("inviter", "allowed"),
    [
        (Role.ADMIN, {Role.SPECIALIST, Role.ADMIN}),
        (Role.SPECIALIST, {Role.CLIENT, Role.EMPLOYER}),
        (Role.CLIENT, set()),
        (Role.EMPLOYER, set()),
    ],
)
def test_who_may_invite_which_role(people, inviter, allowed):
    person = next(p for k, p in people.items() if k != "team" and p.role == inviter)
    assert {role for role in Role if may_invite(person, role)} == allowed


def test_only_the_sender_manages_an_invitation(people):
    from datetime import timedelta

    from portal.accounts.models import Invitation
    from portal.core.db import utcnow

    sent = Invitation(
        invited_by_id=people["specialist_a"].id,
        email="p@example.org",
        name="P",
        role=Role.CLIENT,
        expires_at=utcnow() + timedelta(days=14),
    )
    assert may_manage_invitation(people["specialist_a"], sent)
    assert not may_manage_invitation(people["specialist_b"], sent)
    assert not may_manage_invitation(people["admin"], sent)  # not even a lead of the team
