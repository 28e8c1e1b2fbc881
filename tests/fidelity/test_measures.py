"""Each item the records show, built at its anchors for the scores 1, 3 and 5, over the first
half of 2026 (181 days): the records go in, the item's own bands give the score."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import count

import pytest

from portal.caseload.models import Handover
from portal.core.db import db, utcnow
from portal.core.history import HistoryEntry
from portal.core.identity import Country, EmployerOrganisation, Role, Team, User
from portal.fidelity.items import BY_KEY
from portal.fidelity.job_measures import due_windows
from portal.fidelity.measures import MEASURES
from portal.fidelity.scales import too_few
from portal.goals.models import Goal, GoalKind, GoalStatus
from portal.intake.models import ClosingReason, Referral, ReferralSource
from portal.meetings.models import Meeting, MeetingMode, OutreachTry, OutreachWay
from portal.placements.models import (
    BenefitsReview,
    Category,
    ConsentEvent,
    EmployerConsent,
    EmployerContact,
    Job,
    JobKind,
    ReviewReason,
)

START, END = date(2026, 1, 1), date(2026, 6, 30)
IN_PERIOD = datetime(2026, 3, 2, 10, tzinfo=UTC)
serial = count()


@pytest.fixture
def team(app_context):
    team = Team(name=f"IPS Test {next(serial)}", country=Country.DENMARK)
    db.add(team)
    db.flush()
    return team


def specialist(team, hours=None) -> User:
    person = User(
        role=Role.SPECIALIST,
        name="Sofie",
        email=f"s{next(serial)}@example.org",
        team_id=team.id,
        weekly_hours=hours,
    )
    db.add(person)
    db.flush()
    return person


def clients(who: User, number: int, enrolled=date(2025, 12, 1)) -> list[User]:
    people = [
        User(
            role=Role.CLIENT,
            name="Anna",
            email=f"c{next(serial)}@example.org",
            team_id=who.team_id,
            specialist_id=who.id,
            enrolled_on=enrolled,
        )
        for _ in range(number)
    ]
    db.add_all(people)
    db.flush()
    return people


def employers(team, number: int) -> list[EmployerOrganisation]:
    made = [EmployerOrganisation(team_id=team.id, name=f"E{next(serial)}") for _ in range(number)]
    db.add_all(made)
    db.flush()
    return made


def contact(who, client, on=date(2026, 2, 2), in_person=True, employer=None):
    employer = employer or employers(who.team, 1)[0]
    db.add(
        EmployerContact(
            specialist_id=who.id,
            employer_id=employer.id,
            client_id=client.id,
            contact_on=on,
            in_person=in_person,
        )
    )


def job(client, employer=None, competitive=True, start=date(2026, 2, 1)) -> Job:
    made = Job(
        client_id=client.id,
        kind=JobKind.JOB,
        employer_id=employer.id if employer else None,
        title="Butiksmedhjælper",
        start_date=start,
        competitive=competitive,
    )
    db.add(made)
    db.flush()
    return made


def scored(key: str, team) -> int | None:
    db.flush()
    item = BY_KEY[key]
    measured = MEASURES[item.measure](team, START, END)
    assert not too_few(measured.n), measured
    return item.bands.score(measured.value)


@pytest.mark.parametrize(("participants", "expected"), [(20, 5), (28, 3), (45, 1)])
def test_s1_caseload_per_full_time_post(team, participants, expected):
    clients(specialist(team), participants)
    assert scored("S1", team) == expected


def test_s1_counts_working_hours_and_leaves_restricted_records_out(team):
    half_time = specialist(team, hours=Decimal("18.5"))  # half of Denmark's 37 hours
    people = clients(half_time, 13)
    people[0].restricted_at = utcnow()  # kept, not processed: not counted
    measured = MEASURES["caseload_per_full_time"](team, START, END)
    assert measured.value == Decimal("24.0") and measured.numbers["full_time_posts"] == Decimal(
        "0.5"
    )
    assert BY_KEY["S1"].bands.score(measured.value) == 4


@pytest.mark.parametrize(("own", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_s3_one_specialist_through_every_phase(team, own, expected):
    mine, other = specialist(team), specialist(team)
    for number, client in enumerate(clients(mine, 10)):
        contact(mine if number < own else other, client)
    assert scored("S3", team) == expected


def test_s3_a_hand_over_passes_the_whole_service_on(team):
    before, after = specialist(team), specialist(team)
    people = clients(after, 5)
    for client in people:
        contact(before, client, on=date(2026, 1, 10))
        contact(after, client, on=date(2026, 3, 10))
        db.add(
            Handover(
                client_id=client.id,
                from_specialist_id=before.id,
                to_specialist_id=after.id,
                created_at=IN_PERIOD,
            )
        )
    measured = MEASURES["one_specialist_throughout"](team, START, END)
    assert (measured.value, measured.numbers["handovers"]) == (Decimal("100"), 5)


def referrals(team, number: int, **fields):
    moment = fields.pop("at", IN_PERIOD)
    db.add_all(Referral(team_id=team.id, created_at=moment, **fields) for _ in range(number))


@pytest.mark.parametrize(("from_treatment", "expected"), [(9, 5), (6, 3), (0, 1)])
def test_o1_referred_by_the_team_s_treatment_contacts(team, from_treatment, expected):
    referrals(team, from_treatment, source=ReferralSource.CLINIC, accepted_at=IN_PERIOD)
    referrals(team, 10 - from_treatment, source=ReferralSource.SELF, accepted_at=IN_PERIOD)
    referrals(team, 5, source=ReferralSource.CLINIC)  # waiting still: not counted
    assert scored("O1", team) == expected


@pytest.mark.parametrize(("fair", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_o6_no_one_screened_out(team, fair, expected):
    source = ReferralSource.SELF
    referrals(team, fair // 2, source=source, accepted_at=IN_PERIOD)
    referrals(
        team,
        fair - fair // 2,
        source=source,
        closed_at=IN_PERIOD,
        closing_reason=ClosingReason.NOT_REACHED,
        tries=3,
    )
    # Closed as not reached after one try: that screens someone out.
    referrals(
        team,
        10 - fair,
        source=source,
        closed_at=IN_PERIOD,
        closing_reason=ClosingReason.NOT_REACHED,
        tries=1,
    )
    assert scored("O6", team) == expected


@pytest.mark.parametrize(("gone_through", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_v1_benefits_planning_at_starts_and_changes(team, gone_through, expected):
    for number, client in enumerate(clients(specialist(team), 10)):
        started = job(client)
        db.add(
            BenefitsReview(
                client_id=client.id,
                job_id=started.id,
                reason=ReviewReason.START,
                due_on=started.start_date,
                done_at=IN_PERIOD if number < gone_through else None,
            )
        )
    assert scored("V1", team) == expected


@pytest.mark.parametrize(("days", "expected"), [(20, 5), (100, 3), (300, 1)])
def test_v4_days_to_the_first_face_to_face_employer_contact(team, days, expected):
    who = specialist(team)
    for client in clients(who, 5, enrolled=date(2026, 6, 1) - timedelta(days=days)):
        contact(who, client, on=date(2026, 6, 1))
        contact(who, client, on=date(2026, 1, 2), in_person=False)  # a call does not count
    assert scored("V4", team) == expected


@pytest.mark.parametrize(("a_week", "expected"), [(6, 5), (4, 3), (1, 1)])
def test_v6_face_to_face_employer_contacts_a_week(team, a_week, expected):
    who = specialist(team)
    client = clients(who, 1)[0]
    place = employers(team, 1)[0]
    weeks = 26  # 181 days are 25.9 weeks: a week's share a week over, never under
    for day in range(a_week * weeks):
        contact(who, client, on=START + timedelta(days=day % 181), employer=place)
    assert scored("V6", team) == expected


@pytest.mark.parametrize(("different", "expected"), [(10, 5), (6, 3), (4, 1)])
def test_v9_jobs_with_different_employers(team, different, expected):
    places = employers(team, different)
    for number, client in enumerate(clients(specialist(team), 10)):
        job(client, places[number % different])
    assert scored("V9", team) == expected


@pytest.mark.parametrize(("ordinary", "jobs", "expected"), [(19, 20, 5), (16, 20, 3), (5, 10, 1)])
def test_v10_ordinary_competitive_jobs(team, ordinary, jobs, expected):
    for number, client in enumerate(clients(specialist(team), jobs)):
        job(client, competitive=number < ordinary)
    old = job(clients(specialist(team), 1)[0], competitive=False, start=date(2025, 1, 1))
    old.end_date = date(2025, 6, 1)  # ended before the period: not counted
    assert scored("V10", team) == expected


def test_an_item_resting_on_fewer_than_five_is_not_scored(team):
    for client in clients(specialist(team), 4):
        job(client)
    measured = MEASURES["ordinary_jobs"](team, START, END)
    assert measured.n == 4 and too_few(measured.n)


def disclosure_decided(client, employer, by, on: date):
    consent = EmployerConsent(client_id=client.id, employer_id=employer.id)
    db.add(consent)
    db.flush()
    db.add(
        ConsentEvent(
            consent_id=consent.id,
            client_id=client.id,
            actor_id=by.id,
            category=Category.DISCLOSURE,
            value="agreed",
            wording="What the employer may be told",
            wording_version="1",
            locale="da",
            created_at=datetime.combine(on, time(12), UTC),
        )
    )


@pytest.mark.parametrize(("own_choice", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_v2_the_participant_decides_what_each_employer_is_told(team, own_choice, expected):
    who = specialist(team)
    places = employers(team, 10)
    for number, client in enumerate(clients(who, 10)):
        started = job(client, places[number])
        if number < own_choice:
            disclosure_decided(client, places[number], client, started.start_date)
        elif number % 2:
            disclosure_decided(client, places[number], who, started.start_date)  # not hers
        else:  # hers, but after the first day
            disclosure_decided(client, places[number], client, started.start_date + timedelta(1))
    assert scored("V2", team) == expected


@pytest.mark.parametrize(("kept_up", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_v3_the_career_profile_is_kept_up_with_each_job(team, kept_up, expected):
    for number, client in enumerate(clients(specialist(team), 10)):
        started = job(client)
        late = number >= kept_up  # after more than a month: does not count
        day = started.start_date + timedelta(days=45 if late else 10)
        db.add(
            HistoryEntry(
                client_id=client.id,
                subject="profile",
                action="history",
                created_at=datetime.combine(day, time(12), UTC),
            )
        )
    assert scored("V3", team) == expected


FIRST_DAY = date(2026, 2, 2)  # 9 contacts due by 30 June: 2 around the start, 3 weeks, 4 months


@pytest.mark.parametrize(("met", "expected"), [(9, 5), (6, 3), (2, 1)])
def test_v12_support_in_the_job_week_by_week_then_monthly(team, met, expected):
    who = specialist(team)
    for client in clients(who, 5):
        started = job(client, start=FIRST_DAY)
        windows = due_windows(started, END)
        assert len(windows) == 9
        for first, _last in windows[:met]:
            meet(who, client, first, MeetingMode.IN_PERSON)
        for first, _last in windows[met:]:
            meet(who, client, first, MeetingMode.PHONE)  # a call is not face to face
    assert scored("V12", team) == expected


def meet(who, client, day: date, mode) -> None:
    db.add(
        Meeting(
            client_id=client.id,
            specialist_id=who.id,
            starts_at=datetime.combine(day, time(10), UTC),
            mode=mode,
        )
    )


@pytest.mark.parametrize(("following", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_v5_employer_contacts_follow_the_participant_s_own_goals(team, following, expected):
    who = specialist(team)
    place = employers(team, 1)[0]
    for number, client in enumerate(clients(who, 10)):
        goal = Goal(client_id=client.id, kind=GoalKind.JOB, text="Butik", status=GoalStatus.ACTIVE)
        db.add(goal)
        db.flush()
        db.add(
            EmployerContact(
                specialist_id=who.id,
                employer_id=place.id,
                client_id=client.id,
                goal_id=goal.id if number < following else None,
                contact_on=date(2026, 3, 3),
                in_person=True,
            )
        )
    assert scored("V5", team) == expected


@pytest.mark.parametrize(("types", "expected"), [(9, 5), (6, 3), (4, 1)])
def test_v8_jobs_of_different_types(team, types, expected):
    groups = ["52", "91", "94", "43", "61", "83", "53", "42", "75"][:types]
    for number, client in enumerate(clients(specialist(team), 10)):
        job(client).occupation = groups[number % types]
    job(clients(specialist(team), 1)[0])  # no type recorded: not counted
    assert scored("V8", team) == expected


@pytest.mark.parametrize(("planned", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_v11_each_job_has_a_support_plan(team, planned, expected):
    for number, client in enumerate(clients(specialist(team), 10)):
        if number < planned:
            job(client).support_plan = "Weekly call; the team helps with sleep."
        else:
            job(client)
    assert scored("V11", team) == expected


@pytest.mark.parametrize(("tried", "expected"), [(10, 5), (6, 3), (2, 1)])
def test_v14_tries_to_get_in_touch_before_an_account_is_switched_off(team, tried, expected):
    who = specialist(team)
    for number, client in enumerate(clients(who, 10)):
        client.deactivated_at = datetime(2026, 4, 30, 12, tzinfo=UTC)
        tries = 3 if number < tried else 2
        for back in range(tries):
            db.add(
                OutreachTry(
                    client_id=client.id,
                    specialist_id=who.id,
                    tried_on=date(2026, 4, 28) - timedelta(days=10 * back),
                    way=OutreachWay.PHONE,
                )
            )
    assert scored("V14", team) == expected
