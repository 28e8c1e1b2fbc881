"""The specialist's caseload overview: each client's phase and what needs doing, sorting and
filtering with and without htmx, and the same number of queries for 5 clients as for 50."""

from datetime import timedelta
from decimal import Decimal

from portal.caseload.services import Phase, caseload_rows, sort_and_filter
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import EmployerOrganisation, Role, User
from portal.meetings.models import Meeting, MeetingMode
from portal.messaging.services import start_conversation
from portal.placements.models import CheckIn, EmployerContact, Job, JobKind, StrugglingSignal
from portal.plans.models import Responsible
from portal.plans.services import StepData, add_step
from tests.factories import make_user
from tests.queries import page_queries


def add_client(specialist, name, enrolled_days_ago=0):
    client = make_user(Role.CLIENT, f"{name.lower()}@example.org", name, specialist=specialist)
    client.enrolled_on = local_today() - timedelta(days=enrolled_days_ago)
    db.commit()
    return client


def job(client, started_days_ago, ended_days_ago=None):
    today = local_today()
    row = Job(
        client_id=client.id,
        kind=JobKind.JOB,
        title="Work",
        start_date=today - timedelta(days=started_days_ago),
        end_date=today - timedelta(days=ended_days_ago) if ended_days_ago is not None else None,
        hours_per_week=Decimal("10"),
    )
    db.add(row)
    db.flush()
    return row


def contact(specialist, client, days_ago=5):
    employer = db.query(EmployerOrganisation).first() or EmployerOrganisation(
        team_id=specialist.team_id, name="Shop"
    )
    db.add(employer)
    db.flush()
    db.add(
        EmployerContact(
            specialist_id=specialist.id,
            employer_id=employer.id,
            client_id=client.id,
            contact_on=local_today() - timedelta(days=days_ago),
            in_person=True,
        )
    )


def talked(specialist, client, days_ago):
    """A message from the specialist `days_ago` days ago: contact, and nothing unread."""
    conversation = start_conversation(specialist, client, "Hello", "How are things?")
    conversation.last_message_at = utcnow() - timedelta(days=days_ago)
    db.flush()


def seed_caseload(app, people):
    """Five clients of specialist A, one in each situation."""
    with app.app_context():
        mette = db.get(User, people["specialist_a"].id)
        new = add_client(mette, "Nina New", enrolled_days_ago=45)
        searching = add_client(mette, "Sam Search", enrolled_days_ago=20)
        contact(mette, searching)
        talked(mette, searching, days_ago=3)
        working = add_client(mette, "Wanda Work", enrolled_days_ago=100)
        contact(mette, working, days_ago=90)
        fresh_job = job(working, started_days_ago=10)
        steady = add_client(mette, "Fred Follow", enrolled_days_ago=400)
        job(steady, started_days_ago=200)
        talked(mette, steady, days_ago=10)
        # Wanda wrote a message (unread), has an overdue step, says work is hard, and the
        # employer has one check-in waiting and one not answered.
        start_conversation(working, working, "Hi", "Can we talk?")
        step = add_step(working, working, StepData("Call the union", Responsible.ME, None))
        step.due_date = local_today() - timedelta(days=3)
        db.add(StrugglingSignal(client_id=working.id, job_id=fresh_job.id))
        now = utcnow()
        for due_days_ago, expires in ((7, now - timedelta(days=1)), (1, now + timedelta(days=9))):
            db.add(
                CheckIn(
                    job_id=fresh_job.id,
                    due_date=local_today() - timedelta(days=due_days_ago),
                    token_hash=f"hash-{due_days_ago}",
                    sent_at=now,
                    expires_at=expires,
                )
            )
        db.commit()
        return {c.name: c.id for c in (new, searching, working, steady)}


def rows_by_name(app, people):
    with app.app_context():
        rows = caseload_rows(db.get(User, people["specialist_a"].id))
        return {row.client.name: row for row in rows}


def test_each_row_shows_the_phase_and_what_needs_doing(app, people):
    seed_caseload(app, people)
    rows = rows_by_name(app, people)
    assert {name: row.phase for name, row in rows.items()} == {
        "Anna Klient": Phase.ENGAGEMENT,
        "Nina New": Phase.ENGAGEMENT,
        "Sam Search": Phase.JOB_SEARCH,
        "Wanda Work": Phase.WORKING,
        "Fred Follow": Phase.FOLLOW_ALONG,
    }
    wanda = rows["Wanda Work"]
    assert (wanda.unread, wanda.overdue_steps, wanda.struggling) == (1, 1, 1)
    assert (wanda.waiting_checkins, wanda.missed_checkins) == (1, 1)
    assert wanda.days_since_contact == 0 and wanda.days_without_employer_contact is None
    nina = rows["Nina New"]
    # 45 days since the start with no employer contact: past the IPS target of 30.
    assert (nina.days_without_employer_contact, nina.no_employer_contact_overdue) == (45, True)
    assert nina.days_since_contact is None and nina.needs_attention
    sam = rows["Sam Search"]
    assert (sam.days_without_employer_contact, sam.needs_attention) == (None, False)
    assert not rows["Fred Follow"].needs_attention


def test_sorting_and_filtering(app, people):
    seed_caseload(app, people)
    rows = list(rows_by_name(app, people).values())
    names = lambda chosen: [row.client.name for row in chosen]  # noqa: E731
    assert names(sort_and_filter(rows, "name", "working", False)) == ["Wanda Work"]
    assert names(sort_and_filter(rows, "name", None, True)) == ["Nina New", "Wanda Work"]
    assert names(sort_and_filter(rows, "attention", None, False))[:2] == ["Nina New", "Wanda Work"]
    # Never contacted first, then the longest ago.
    assert names(sort_and_filter(rows, "last_contact", None, False))[-1] == "Wanda Work"
    assert names(sort_and_filter(rows, "nonsense", "nonsense", False)) == names(rows)


def test_the_page_filters_with_plain_links_and_with_htmx(app, login_as, people):
    seed_caseload(app, people)
    mette = login_as("specialist_a")
    page = mette.get("/?show=working").get_data(as_text=True)
    assert "Wanda Work" in page and "Nina New" not in page
    assert 'href="/?show=working#caseload"' in page and 'aria-current="true"' in page
    fragment = mette.get("/?show=attention&sort=attention", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and 'id="caseload"' in text
    assert "Nina New" in text and "Fred Follow" not in text
    assert "HX-Request" in fragment.headers["Vary"]
    # Another specialist's clients are never in the table.
    bo = login_as("specialist_b").get("/").get_data(as_text=True)
    assert "Wanda Work" not in bo and "Bent Klient" in bo


def test_the_caseload_size_is_shown_against_the_guideline(app, login_as, people):
    with app.app_context():
        mette = db.get(User, people["specialist_a"].id)
        for index in range(20):
            add_client(mette, f"Extra Person{index:02d}")
    page = login_as("specialist_a").get("/").get_data(as_text=True)
    assert "You have 21 participants. The IPS guideline is at most 20." in page
    assert "That is more than the guideline." in page


def many_clients(app, people, count: int) -> None:
    """Clients with a bit of everything, so every grouped query has rows to count."""
    with app.app_context():
        mette = db.get(User, people["specialist_a"].id)
        existing = db.query(User).filter(User.specialist_id == mette.id).count()
        for index in range(existing, count):
            client = add_client(mette, f"Person Number{index:03d}", enrolled_days_ago=index)
            start_conversation(client, client, "Hello", "A message")
            add_step(client, client, StepData("A step", Responsible.ME, None))
            if index % 2:
                job(client, started_days_ago=index)
            if index % 3:
                contact(mette, client)
        db.commit()


def test_the_caseload_and_report_take_the_same_queries_for_5_and_50_clients(app, login_as, people):
    many_clients(app, people, 5)
    mette = login_as("specialist_a")
    lead = login_as("admin")
    urls = ["/", "/?show=attention&sort=last_contact"]
    reports = ["/reports", "/reports.csv?start=2026-01-01&end=2026-12-31"]
    small = page_queries(app, mette, urls), page_queries(app, lead, reports)
    many_clients(app, people, 50)
    large = page_queries(app, mette, urls), page_queries(app, lead, reports)
    assert large == small
    assert "Person Number049" in mette.get("/").get_data(as_text=True)


def test_no_contact_for_longer_than_the_setting_needs_attention(app, login_as, people, monkeypatch):
    with app.app_context():
        mette = db.get(User, people["specialist_a"].id)
        talked(mette, add_client(mette, "Quiet Quinn", enrolled_days_ago=60), days_ago=15)
        talked(mette, add_client(mette, "Recent Rita", enrolled_days_ago=20), days_ago=14)
        add_client(mette, "Never Neil", enrolled_days_ago=20)
        met = add_client(mette, "Met Mona", enrolled_days_ago=60)
        db.add(
            Meeting(
                client_id=met.id,
                specialist_id=mette.id,
                starts_at=utcnow() - timedelta(days=3),
                mode=MeetingMode.IN_PERSON,
                place="Jobcentret",
            )
        )
        db.commit()
    rows = rows_by_name(app, people)
    # The default: more than 14 days without a message or a meeting (since the start if none).
    assert rows["Quiet Quinn"].days_out_of_touch == 15 and rows["Quiet Quinn"].needs_attention
    assert rows["Never Neil"].days_out_of_touch == 20 and rows["Never Neil"].needs_attention
    assert rows["Recent Rita"].days_out_of_touch is None
    assert rows["Met Mona"].days_out_of_touch is None  # the meeting three days ago counts
    page = login_as("specialist_a").get("/?show=attention").get_data(as_text=True)
    assert "No contact for 15 days" in page and "Recent Rita" not in page

    monkeypatch.setitem(app.config, "NO_CONTACT_ALERT_DAYS", 30)
    rows = rows_by_name(app, people)
    assert rows["Quiet Quinn"].days_out_of_touch is None
    assert rows["Never Neil"].days_out_of_touch is None


def test_the_first_day_reads_started_today(app, login_as, people):
    with app.app_context():
        add_client(db.get(User, people["specialist_a"].id), "Fresh Frida", enrolled_days_ago=0)
    page = login_as("specialist_a").get("/").get_data(as_text=True)
    assert "Started today, no employer contact yet" in page
    assert "0 days since the start" not in page
