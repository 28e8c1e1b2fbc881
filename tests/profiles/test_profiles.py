"""The career profile: the client writes it and decides, per section, what the specialist sees."""

from sqlalchemy import select

from portal.core.db import db
from portal.profiles.models import CareerProfile, ProfileSuggestion
from tests.helpers import csrf_token_from, post_form, sign_in


def profile_url(person) -> str:
    return f"/clients/{person.id}/profile"


def save(browser, owner, section, version="", **fields):
    """Send the profile form as if only `section` were on the page (the others untouched)."""
    data = {
        (f"{section}_shared" if name == "shared" else name): value for name, value in fields.items()
    }
    data.update(sections=section, version=version)
    return post_form(browser, profile_url(owner), data, page=profile_url(owner))


def stored(app, owner) -> CareerProfile | None:
    with app.app_context():
        return db.scalar(select(CareerProfile).where(CareerProfile.client_id == owner.id))


def test_the_client_fills_in_sections_and_hides_one_from_the_specialist(app, login_as, people):
    anna = people["client_a"]
    own, mette = login_as("client_a", lang=None), login_as("specialist_a", "en")
    assert (
        save(own, anna, "strengths", strengths="Calm and reliable", shared="y").status_code == 303
    )
    profile = stored(app, anna)
    assert (
        save(
            own,
            anna,
            "supports",
            version=str(profile.version),
            supports="My sister helps when things are hard",
        ).status_code
        == 303
    )  # not shared
    profile = stored(app, anna)
    assert (
        save(
            own,
            anna,
            "preferences",
            version=str(profile.version),
            preferred_work="Shop",
            hours_per_week="15",
            preferred_place="Odense",
            what_matters="Mornings",
            shared="y",
        ).status_code
        == 303
    )
    profile = stored(app, anna)
    assert (profile.strengths, profile.hours_per_week, profile.supports_shared) == (
        "Calm and reliable",
        15,
        False,
    )
    page = mette.get(profile_url(anna)).get_data(as_text=True)
    assert "Calm and reliable" in page and "Shop" in page
    assert "My sister helps" not in page
    assert "The participant keeps this part private." in page


def test_bad_profile_input_is_refused_and_nothing_is_lost(app, client, people):
    anna = people["client_a"]
    client.set_cookie("lang", "en")
    sign_in(client, anna.email)
    save(client, anna, "history", history="Cashier 2015-2017", shared="y")
    version = str(stored(app, anna).version)
    for fields, message in [
        ({"hours_per_week": "99"}, "Write a number of hours from 1 to 60."),
        ({"hours_per_week": "many"}, "Not a valid integer value."),
        ({"what_matters": "x" * 2001}, "Use at most 2000 characters."),
    ]:
        response = save(client, anna, "preferences", version=version, **fields)
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True), fields
    assert save(client, anna, "unknown-section", history="x").status_code == 404
    assert stored(app, anna).history == "Cashier 2015-2017"


def test_a_stale_profile_form_gets_409_and_keeps_the_newer_text(app, make_client, people):
    anna = people["client_a"]
    phone, laptop = make_client(), make_client()
    for browser in (phone, laptop):
        sign_in(browser, anna.email)
    save(phone, anna, "history", history="Version one", shared="y")
    version = str(stored(app, anna).version)
    save(phone, anna, "history", version=version, history="From the phone", shared="y")
    stale = save(laptop, anna, "history", version=version, history="From the laptop", shared="y")
    assert stale.status_code == 409
    assert "From the laptop" in stale.get_data(as_text=True)
    assert stored(app, anna).history == "From the phone"


def test_the_specialist_suggests_and_the_client_sets_the_suggestion_aside(app, login_as, people):
    anna = people["client_a"]
    own, mette = login_as("client_a", lang=None), login_as("specialist_a", lang=None)
    url = f"{profile_url(anna)}/strengths/suggestions"
    response = post_form(
        mette, url, {"suggest-strengths-body": "You trained new colleagues"}, page=profile_url(anna)
    )
    assert response.status_code == 303
    assert "You trained new colleagues" in own.get(profile_url(anna)).get_data(as_text=True)
    # The client cannot write suggestions to themselves, and hidden sections take none.
    assert (
        post_form(own, url, {"suggest-strengths-body": "x"}, page=profile_url(anna)).status_code
        == 403
    )
    save(own, anna, "supports", supports="Private")
    hidden = post_form(
        mette,
        f"{profile_url(anna)}/supports/suggestions",
        {"suggest-supports-body": "x"},
        page=profile_url(anna),
    )
    assert hidden.status_code == 403
    with app.app_context():
        suggestion = db.scalar(select(ProfileSuggestion))
    version = str(stored(app, anna).version)
    set_aside = {"dismiss": str(suggestion.id), "version": version}
    assert post_form(mette, profile_url(anna), set_aside, page=profile_url(anna)).status_code == 403
    assert post_form(own, profile_url(anna), set_aside, page=profile_url(anna)).status_code == 303
    assert "You trained new colleagues" not in own.get(profile_url(anna)).get_data(as_text=True)


def test_the_specialist_cannot_write_the_clients_profile(app, client, people):
    anna = people["client_a"]
    sign_in(client, people["specialist_a"].email)
    assert save(client, anna, "history", history="Written by staff").status_code == 403
    assert stored(app, anna) is None


def test_saving_keeps_the_text_typed_in_every_section(app, client, people):
    """The page is one form: whichever Save is pressed, every section's new words are kept."""
    anna = people["client_a"]
    sign_in(client, anna.email)
    save(client, anna, "history", history="Cashier", shared="y")
    version = str(stored(app, anna).version)
    both = {
        "sections": ["history", "strengths"],
        "version": version,
        "history": "Cashier, then baker",
        "history_shared": "y",
        "strengths": "Early riser",
    }
    response = post_form(client, profile_url(anna), both, page=profile_url(anna))
    assert response.status_code == 303
    profile = stored(app, anna)
    assert (profile.history, profile.strengths) == ("Cashier, then baker", "Early riser")
    assert (profile.history_shared, profile.strengths_shared) == (True, False)


def test_a_form_that_sends_one_section_leaves_the_others_alone(app, client, people):
    anna = people["client_a"]
    sign_in(client, anna.email)
    save(client, anna, "history", history="Cashier", shared="y")
    version = str(stored(app, anna).version)
    save(client, anna, "supports", version=version, supports="My sister")
    profile = stored(app, anna)
    assert (profile.history, profile.history_shared, profile.supports) == (
        "Cashier",
        True,
        "My sister",
    )


def test_words_sent_after_the_session_ended_come_back_in_the_profile(app, client, people):
    """The whole profile form is held at a session's end and filled in again after sign-in."""
    from tests.accounts.helpers import BACK_AGAIN, end_sessions

    anna = people["client_a"]
    client.set_cookie("lang", "en")
    sign_in(client, anna.email)
    page = profile_url(anna)
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    end_sessions(app)
    form = {
        "csrf_token": token,
        "sections": ["history", "strengths", "preferences", "supports"],
        "history": "Written slowly",
        "strengths": "Also this",
        "version": "",
    }
    client.post(page, data=form, headers={"Referer": f"http://localhost{page}"})
    assert stored(app, anna) is None  # nothing saved for her

    sign_in(client, anna.email)
    html = client.get(page).get_data(as_text=True)
    assert BACK_AGAIN in html
    assert "Written slowly</textarea>" in html and "Also this</textarea>" in html
