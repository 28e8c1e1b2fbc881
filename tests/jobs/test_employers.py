"""The specialist's employer list: workplaces and contact persons, an account only by choice."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core.db import db
from portal.core.identity import EmployerOrganisation, Role, User
from tests.helpers import post_form


def organisation(app, name) -> EmployerOrganisation | None:
    with app.app_context():
        return db.scalar(select(EmployerOrganisation).where(EmployerOrganisation.name == name))


def user(app, email) -> User | None:
    with app.app_context():
        return db.scalar(
            select(User).options(selectinload(User.employers)).where(User.email == email)
        )


def test_a_specialist_adds_an_employer_and_contacts_with_and_without_an_account(
    app, login_as, people, outbox
):
    mette = login_as("specialist_a")
    assert post_form(mette, "/employers", {"name": "Planteskolen  Vollsmose"}).status_code == 303
    employer = organisation(app, "Planteskolen Vollsmose")  # spaces tidied
    url = f"/employers/{employer.id}"
    contact = {"name": "Ole Gartner", "email": "ole@example.org", "phone": "+45 11 22 33 44"}
    response = post_form(mette, url, {**contact, "language": "da"})
    assert response.status_code == 303
    ole = user(app, "ole@example.org")
    assert (ole.role, ole.employers[0].id, ole.phone, ole.is_active) == (
        Role.EMPLOYER,
        employer.id,
        "+45 11 22 33 44",
        False,
    )
    assert outbox() == []  # no account unless they want one
    invited = {"name": "Ida Chef", "email": "ida@example.org", "language": "sv", "invite": "y"}
    assert post_form(mette, url, invited).status_code == 303
    [email] = outbox()
    assert email.recipient == "ida@example.org" and "/invitation/" in email.body
    page = mette.get(url).get_data(as_text=True)
    assert "Ole Gartner" in page and "Ida Chef" in page
    # Ole changes his mind: he is invited from the employer page.
    assert post_form(mette, f"/employer-contacts/{ole.id}/invite", {}, page=url).status_code == 303
    assert outbox()[-1].recipient == "ole@example.org"
    assert user(app, "ole@example.org").invited_by_id == people["specialist_a"].id


def test_duplicates_and_bad_input_get_clear_errors(app, login_as, people):
    mette = login_as("specialist_a")
    response = post_form(mette, "/employers", {"name": "testfirma aps"})
    assert response.status_code == 422
    assert "This workplace is already in the list." in response.get_data(as_text=True)
    assert post_form(mette, "/employers", {"name": ""}).status_code == 422
    url = f"/employers/{people['employer'].employers[0].id}"
    taken = {"name": "Someone", "email": people["client_a"].email, "language": "da"}
    response = post_form(mette, url, taken)
    assert response.status_code == 422
    assert "There is already an account with this e-mail address." in response.get_data(True)
    response = post_form(mette, url, {"name": "X", "email": "not-an-address", "language": "da"})
    assert response.status_code == 422
    with app.app_context():
        assert db.scalar(select(User).where(User.name == "X")) is None
