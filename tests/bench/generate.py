"""A realistic municipality for the benchmark, written with bulk inserts.

At scale 1: 10 teams, 60 specialists (and a team lead per team), 1,200 clients, 100,000
messages, 3,000 jobs and 20,000 check-ins, with goals, plans, meetings, feedback, consents and
the job development log. One chosen client (the "bench client") has the same things at every
scale, among them a conversation of exactly 200 messages and a job whose newest check-in waits
for the employer with a working link.

Call `generate_municipality` inside an app context on an empty, migrated database. Ids are
given explicitly (the database is empty), and PostgreSQL's sequences are moved past them.
"""

import hashlib
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pyotp
from sqlalchemy import func, insert, select, text

from portal.accounts.passwords import hash_password
from portal.core.dates import local_today
from portal.core.db import db, get_engine, utcnow
from portal.core.identity import (
    EmployerContactLink,
    EmployerOrganisation,
    Role,
    Team,
    TeamLead,
    User,
)
from portal.feedback.models import Feedback
from portal.goals.models import Goal, GoalKind, GoalNote, GoalStatus, NoteKind
from portal.meetings.models import Meeting, MeetingMode, SummaryResponse
from portal.messaging.models import Availability, Conversation, Message
from portal.placements.models import (
    CheckIn,
    Disclosure,
    EmployerConsent,
    EmployerContact,
    EndReason,
    Job,
    JobKind,
    Schedule,
    StrugglingSignal,
)
from portal.placements.services.checkins import sign_checkin_link
from portal.plans.models import ItemKind, PlanItem, PlanStep, Responsible, StepState, StepStatus
from portal.profiles.models import CareerProfile

BENCH_PASSWORD = "bench-quiet-lantern-harbour-42"  # a throw-away bench database only
BENCH_CONVERSATION_MESSAGES = 200
BATCH = 5000

# At scale 1.
SIZES = {
    "teams": 10,
    "specialists": 60,
    "clients": 1200,
    "employers": 400,
    "conversations": 3600,
    "messages": 100_000,
    "jobs": 3000,
    "checkins": 20_000,
    "employer_contacts": 8000,
}

FIRST = "Anna Peter Lise Mette Jonas Sara Elin Ahmed Yusuf Ida Karim Maja Oliver Sofie Mads Nadia"
LAST = "Nielsen Jensen Hansen Andersen Larsen Holm Karlsson Berg Demir Hassan Lindqvist Madsen"
FIRST_NAMES, LAST_NAMES = FIRST.split(), LAST.split()
TITLES = ["Butiksmedhjælper", "Lagermedarbejder", "Køkkenhjælp", "Gartner", "Rengøring", "Chauffør"]
SUBJECTS = ["Mit CV", "Jobsamtale", "Arbejdstider", "Næste møde", "Praktik", "Spørgsmål"]
BODIES = [
    "Hej. Jeg har skrevet lidt mere på mit CV. Vil du kigge på det inden tirsdag?",
    "Ja, det gør jeg gerne. Tag det med på tirsdag, så ser vi på det sammen.",
    "Tak! Jeg var til samtale i går, og det gik godt, synes jeg.",
    "Hvor godt. Skal vi ringe til dem sammen på fredag og høre, hvordan det ser ud?",
    "Jeg sov dårligt i nat, så jeg vil gerne flytte vores møde til næste uge.",
    "Det er helt i orden. Passer onsdag kl. 10 dig?",
]
SUMMARY = "Vi talte om jobsøgningen. Du skriver til to butikker, jeg ringer til planteskolen."


@dataclass
class BenchHandles:
    password: str
    client_id: int
    client_email: str
    conversation_id: int
    goal_id: int
    specialist_id: int
    specialist_email: str
    specialist_totp: str
    lead_id: int
    lead_email: str
    lead_totp: str
    checkin_path: str
    counts: dict = field(default_factory=dict)


def _n(name: str, scale: float) -> int:
    return max(1, round(SIZES[name] * scale))


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.execute(insert(model), rows[start : start + BATCH])


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


class _Builder:
    """Collects the rows of every table; ids are counted here."""

    def __init__(self, scale: float, seed: int):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = local_today()
        self.now = utcnow()
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.ids: dict[type, int] = defaultdict(int)

    def add(self, model, **values) -> int | None:
        if "id" in model.__table__.c:
            self.ids[model] += 1
            values.setdefault("id", self.ids[model])
        self.rows[model].append(values)
        return values.get("id")

    def ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"


def generate_municipality(scale: float = 1.0, seed: int = 7) -> BenchHandles:
    """Fill the (empty, migrated) database of the current app context; commit; return handles."""
    b = _Builder(scale, seed)
    password_hash = hash_password(BENCH_PASSWORD)
    staff = _people(b, password_hash)
    bench = staff["clients"][0]
    employers = _employers(b, password_hash, staff["teams"])
    conversation_id = _conversations(b, staff)
    goal_id = _goals_and_plans(b, staff)
    checkin = _jobs_and_checkins(b, staff, employers)
    _meetings_and_feedback(b, staff)
    _job_development(b, staff, employers)
    for model in (
        Team,
        EmployerOrganisation,
        User,
        TeamLead,
        EmployerContactLink,
        Availability,
        CareerProfile,
        Conversation,
        Message,
        Goal,
        GoalNote,
        PlanStep,
        PlanItem,
        Job,
        EmployerConsent,
        CheckIn,
        StrugglingSignal,
        Meeting,
        Feedback,
        EmployerContact,
    ):
        _insert(model, b.rows[model])
    _move_sequences_past_ids(b)
    db.commit()
    if get_engine().dialect.name == "postgresql":
        # A live server's autovacuum analyses new tables within a minute; without statistics
        # the planner guesses, and scans all messages for the unread badge.
        db.execute(text("ANALYZE"))
        db.commit()
    checkin_id, raw = checkin
    specialist, lead = staff["specialist_of"][bench["id"]], staff["leads"][0]
    return BenchHandles(
        password=BENCH_PASSWORD,
        client_id=bench["id"],
        client_email=bench["email"],
        conversation_id=conversation_id,
        goal_id=goal_id,
        specialist_id=specialist["id"],
        specialist_email=specialist["email"],
        specialist_totp=specialist["totp_secret"],
        lead_id=lead["id"],
        lead_email=lead["email"],
        lead_totp=lead["totp_secret"],
        checkin_path="/check-in/" + sign_checkin_link(checkin_id, raw),
        counts={model.__tablename__: len(rows) for model, rows in b.rows.items()},
    )


def _move_sequences_past_ids(b: _Builder) -> None:
    if get_engine().dialect.name != "postgresql":
        return  # SQLite takes the largest rowid plus one
    for model in b.rows:
        if "id" in model.__table__.c:
            highest = select(func.coalesce(func.max(model.__table__.c.id), 1)).scalar_subquery()
            sequence = func.pg_get_serial_sequence(model.__tablename__, "id")
            db.execute(select(func.setval(sequence, highest)))


def _people(b: _Builder, password_hash: str) -> dict:
    n_teams, n_specialists = _n("teams", b.scale), _n("specialists", b.scale)
    n_clients = max(_n("clients", b.scale), 2)
    teams = [b.add(Team, name=f"IPS Bench {i + 1:02d}", created_at=b.now) for i in range(n_teams)]
    created = b.now - timedelta(days=800)

    def user(role: Role, email: str, **values) -> dict:
        staff_member = role in (Role.SPECIALIST, Role.ADMIN)
        row = {
            "email": email,
            "name": b.name(),
            "role": role,
            "password_hash": password_hash,
            "locale": b.rng.choices(("da", "sv", "en"), (8, 1, 1))[0],
            "totp_secret": pyotp.random_base32() if staff_member else None,
            "mfa_enabled_at": created if staff_member else None,
            "created_at": created,
            "activated_at": created,
            **values,
        }
        row["id"] = b.add(User, **row)
        return row

    leads = [
        user(Role.ADMIN, f"lead{i + 1}@bench.example", team_id=team, locale="da")
        for i, team in enumerate(teams)
    ]
    for lead in leads:
        b.add(TeamLead, team_id=lead["team_id"], user_id=lead["id"])
    specialists = [
        user(Role.SPECIALIST, f"specialist{i + 1}@bench.example", team_id=teams[i % n_teams])
        for i in range(n_specialists)
    ]
    for specialist in specialists:
        b.add(
            Availability,
            user_id=specialist["id"],
            reply_days=b.rng.choice((1, 1, 2)),
        )
    clients, specialist_of = [], {}
    for i in range(n_clients):
        owner = specialists[i % n_specialists]
        client = user(
            Role.CLIENT,
            f"client{i + 1}@bench.example",
            team_id=owner["team_id"],
            specialist_id=owner["id"],
            invited_by_id=owner["id"],
            enrolled_on=b.ago(120, 900) if i else b.today - timedelta(days=400),
            locale="da" if i == 0 else b.rng.choices(("da", "sv", "en"), (8, 1, 1))[0],
        )
        clients.append(client)
        specialist_of[client["id"]] = owner
        b.add(
            CareerProfile,
            client_id=client["id"],
            history="Kassemedarbejder 2015-2017. Frivillig i en genbrugsbutik.",
            strengths="God til at hjælpe kunder og holde orden.",
            preferred_work="Butik, gartneri eller lager",
            hours_per_week=b.rng.choice((10, 15, 20, 30, None)),
            preferred_place="Højst 30 minutter med bus",
            what_matters="Faste tider om formiddagen.",
            supports="At vide på forhånd, hvad dagen byder på.",
            updated_at=b.now,
            version=1,
        )
    return {
        "teams": teams,
        "leads": leads,
        "specialists": specialists,
        "clients": clients,
        "specialist_of": specialist_of,
    }


def _employers(b: _Builder, password_hash: str, teams: list[int]) -> list[dict]:
    """Workplaces, each team's own, each with one contact person who answers check-ins."""
    employers = []
    for i in range(max(_n("employers", b.scale), 3 * len(teams))):
        team = teams[i % len(teams)]
        name = f"Bench Arbejdsplads {i + 1:04d}"
        org = b.add(EmployerOrganisation, team_id=team, name=name, created_at=b.now)
        contact = b.add(
            User,
            email=f"contact{i + 1}@employer.bench.example",
            name=b.name(),
            role=Role.EMPLOYER,
            password_hash=password_hash,
            locale="da",
            phone="+45 66 12 34 56",
            created_at=b.now - timedelta(days=500),
            activated_at=b.now - timedelta(days=500),
        )
        b.add(EmployerContactLink, user_id=contact, employer_id=org)
        employers.append({"id": org, "contact_id": contact, "team_id": team})
    return employers


def _conversations(b: _Builder, staff: dict) -> int:
    """Conversations with messages over the last year; the bench client's first has 200."""
    clients = staff["clients"]
    n_conversations = max(_n("conversations", b.scale), len(clients))
    owners = [clients[0]] + [clients[i % len(clients)] for i in range(1, n_conversations)]
    remaining = max(_n("messages", b.scale) - BENCH_CONVERSATION_MESSAGES, n_conversations - 1)
    weights = [b.rng.expovariate(1.0) for _ in owners[1:]]
    total = sum(weights) or 1.0
    counts = [BENCH_CONVERSATION_MESSAGES] + [max(1, int(remaining * w / total)) for w in weights]
    for _ in range(remaining - sum(counts[1:])):
        counts[b.rng.randrange(1, len(counts)) if len(counts) > 1 else 0] += 1
    first_id = None
    for number, (client, count) in enumerate(zip(owners, counts, strict=True)):
        specialist = staff["specialist_of"][client["id"]]
        start = b.now - timedelta(days=b.rng.randint(5, 365) if number else 120)
        step = (b.now - timedelta(hours=1) - start) / max(count, 1)
        conversation = b.add(
            Conversation,
            client_id=client["id"],
            subject=b.rng.choice(SUBJECTS),
            started_by_id=client["id"],
            created_at=start,
            last_message_at=start + step * (count - 1),
        )
        first_id = first_id or conversation
        for k in range(count):
            from_client = k % 2 == 0 if number == 0 else b.rng.random() < 0.5
            sent = start + step * k
            unread = number and k == count - 1 and b.rng.random() < 0.3
            b.add(
                Message,
                conversation_id=conversation,
                sender_id=client["id"] if from_client else specialist["id"],
                from_client=from_client,
                body=BODIES[k % len(BODIES)],
                created_at=sent,
                read_at=None if unread else sent + timedelta(hours=3),
            )
    return first_id


def _goals_and_plans(b: _Builder, staff: dict) -> int:
    first_goal = None
    for client in staff["clients"]:
        specialist = staff["specialist_of"][client["id"]]
        for position in range(4):
            goal = b.add(
                Goal,
                client_id=client["id"],
                kind=GoalKind.JOB if position != 1 else GoalKind.EDUCATION,
                text="Arbejde i en butik med planter eller blomster, 15 timer om ugen",
                target_date=b.today + timedelta(days=30 * (position + 1)) if position else None,
                status=GoalStatus.ACHIEVED if position == 3 else GoalStatus.ACTIVE,
                position=position,
                created_at=b.now - timedelta(days=90),
                updated_at=b.now - timedelta(days=10),
                version=1,
            )
            first_goal = first_goal or goal
            for kind, author in ((NoteKind.PROGRESS, client), (NoteKind.COMMENT, specialist)):
                b.add(
                    GoalNote,
                    goal_id=goal,
                    author_id=author["id"],
                    kind=kind,
                    body="Jeg har talt med min søster om, hvilke butikker der ligger tæt på.",
                    created_at=b.now - timedelta(days=20),
                )
        steps = [
            (Responsible.ME, StepStatus.TODO, StepState.AGREED),
            (Responsible.ME, StepStatus.TODO, StepState.AGREED),
            (Responsible.SPECIALIST, StepStatus.TODO, StepState.PROPOSED),
            (Responsible.TREATMENT_TEAM, StepStatus.TODO, StepState.AGREED),
            (Responsible.JOB_CENTRE, StepStatus.DONE, StepState.AGREED),
            (Responsible.ME, StepStatus.DONE, StepState.AGREED),
        ]
        for number, (responsible, status, state) in enumerate(steps):
            b.add(
                PlanStep,
                client_id=client["id"],
                text="Besøge to butikker og spørge efter job",
                responsible=responsible,
                due_date=b.today + timedelta(days=7 * (number + 1)),
                status=status,
                state=state,
                proposed_by_id=specialist["id"] if state == StepState.PROPOSED else None,
                created_at=b.now - timedelta(days=60),
                updated_at=b.now - timedelta(days=5),
                version=1,
            )
        for kind in (ItemKind.ACCOMMODATION, ItemKind.OBSTACLE, ItemKind.BENEFIT):
            b.add(
                PlanItem,
                client_id=client["id"],
                kind=kind,
                text="Et roligt sted at holde pause",
                response="Jeg skriver, og vi aftaler kortere dage." if kind == "obstacle" else None,
                author_id=client["id"],
                created_at=b.now - timedelta(days=50),
            )
    return first_goal


def _jobs_and_checkins(b: _Builder, staff: dict, employers: list[dict]) -> tuple[int, str]:
    """Jobs and education starts with consent per employer, and weekly check-ins."""
    clients, n_jobs = staff["clients"], _n("jobs", b.scale)
    per_client = [2] + [0] * (len(clients) - 1)  # the bench client: one current, one ended
    for i in range(max(0, n_jobs - 2)):
        per_client[1 + i % (len(clients) - 1)] += 1
    consents = set()
    check_jobs = []  # (job id, start, last possible due day, is the bench client's current job)
    for client, count in zip(clients, per_client, strict=True):
        specialist = staff["specialist_of"][client["id"]]
        own = [employer for employer in employers if employer["team_id"] == client["team_id"]]
        places = b.rng.sample(own, min(count, len(own)))
        for k in range(count):
            bench = client is clients[0]
            education = not bench and b.rng.random() < 0.12
            employer = places[k % len(places)]
            enrolled = client["enrolled_on"]
            span = max((b.today - enrolled).days, 30)
            start = b.today - timedelta(days=60) if bench and k == 0 else None
            start = start or enrolled + timedelta(days=b.rng.randint(7, max(8, int(span * 0.7))))
            ended = (bench and k == 1) or (not bench and b.rng.random() < 0.3)
            end = None
            if ended:
                end = min(start + timedelta(days=b.rng.randint(30, 200)), b.today - timedelta(1))
                end = max(end, start)
            job = b.add(
                Job,
                client_id=client["id"],
                kind=JobKind.EDUCATION if education else JobKind.JOB,
                employer_id=None if education else employer["id"],
                contact_id=None if education else employer["contact_id"],
                title="Truckkort A og B" if education else b.rng.choice(TITLES),
                school="Odense Tekniske Skole" if education else None,
                start_date=start,
                hours_per_week=Decimal(b.rng.choice((8, 12, 15, 20, 30))),
                hourly_wage=None if education else Decimal("142.50"),
                competitive=not education,
                schedule=Schedule.STANDARD,
                end_date=end,
                end_reason=b.rng.choice(list(EndReason)) if end else None,
                client_sees_answers=b.rng.random() < 0.5,
                recorded_by_id=specialist["id"],
                created_at=_at(start),
                version=1,
            )
            if education:
                continue
            if (client["id"], employer["id"]) in consents:
                continue  # more jobs than workplaces (tiny scales): one job per workplace
            consents.add((client["id"], employer["id"]))
            b.add(
                EmployerConsent,
                client_id=client["id"],
                employer_id=employer["id"],
                may_contact=True,
                share_name=b.rng.random() < 0.7,
                disclosure=b.rng.choice(list(Disclosure)),
                requested_by_id=specialist["id"],
                created_at=_at(start - timedelta(days=14)),
                updated_at=_at(start - timedelta(days=14)),
            )
            if b.rng.random() < 0.02:
                b.add(
                    StrugglingSignal,
                    job_id=job,
                    client_id=client["id"],
                    note="Det er svært med de nye vagter.",
                    created_at=b.now - timedelta(days=2),
                )
            check_jobs.append(
                (job, employer["contact_id"], start, end or b.today, bench and k == 0)
            )
    return _checkins(b, check_jobs)


def _checkins(b: _Builder, jobs: list[tuple]) -> tuple[int, str]:
    """Weekly check-ins after each job start, most answered; returns the waiting one's link."""
    wanted = max(_n("checkins", b.scale), 2)
    capacity = {job: max(0, (last - start).days // 7) for job, _c, start, last, _b in jobs}
    counts = dict.fromkeys(capacity, 0)
    while sum(counts.values()) < wanted:
        open_jobs = [job for job in counts if counts[job] < capacity[job]]
        if not open_jobs:
            break
        left = wanted - sum(counts.values())
        share = max(1, left // len(open_jobs))
        for job in open_jobs:
            more = min(share, capacity[job] - counts[job], left)
            counts[job] += more
            left -= more
    waiting = None
    for job, contact, start, _last, bench in jobs:
        for week in range(1, counts[job] + 1):
            due = start + timedelta(days=7 * week)
            newest = week == counts[job]
            sent = _at(due, 8)
            expires = sent + timedelta(days=10)
            raw = secrets.token_urlsafe(16)
            row = {
                "job_id": job,
                "contact_id": contact,
                "due_date": due,
                "token_hash": hashlib.sha256(raw.encode()).hexdigest(),
                "sent_at": sent,
                "expires_at": expires,
            }
            if bench and newest:
                # The one waiting link: sent now, so it is good for the next ten days.
                row |= {"sent_at": b.now, "expires_at": b.now + timedelta(days=10)}
                waiting = (b.add(CheckIn, **row), raw)
                continue
            if expires > b.now or b.rng.random() < 0.9:
                if expires > b.now and b.rng.random() < 0.5:
                    b.add(CheckIn, **row)  # still waiting
                    continue
                row |= {
                    "answered_at": sent + timedelta(days=b.rng.randint(0, 3), hours=2),
                    "answered_by_id": contact,
                    "still_working": True,
                    "hours": Decimal(b.rng.choice((8, 12, 15, 20))),
                    "rating": b.rng.randint(2, 5),
                    "wants_call": b.rng.random() < 0.05,
                    "comment": "Det går fint. Ring gerne om vagtplanen."
                    if b.rng.random() < 0.3
                    else None,
                }
                if row["wants_call"] and b.rng.random() < 0.8:
                    row["call_handled_at"] = row["answered_at"] + timedelta(days=1)
            b.add(CheckIn, **row)
    assert waiting is not None, "the bench client's job needs at least one check-in"
    return waiting


def _meetings_and_feedback(b: _Builder, staff: dict) -> None:
    for client in staff["clients"]:
        specialist = staff["specialist_of"][client["id"]]
        for number, days in enumerate((-60, -30, -7, 5)):
            starts = _at(b.today + timedelta(days=days), 9 + number)
            past = days < 0
            meeting = b.add(
                Meeting,
                client_id=client["id"],
                specialist_id=specialist["id"],
                starts_at=starts,
                duration_minutes=60,
                mode=b.rng.choice(list(MeetingMode)),
                place="Jobcentret, lokale 2" if number % 2 else None,
                summary=SUMMARY if past else None,
                summary_at=starts + timedelta(hours=3) if past else None,
                response=SummaryResponse.CONFIRMED if past and days < -7 else None,
                response_at=starts + timedelta(days=1) if past and days < -7 else None,
                feedback_closed_at=starts + timedelta(days=1) if past and days < -7 else None,
                created_at=starts - timedelta(days=10),
                version=1,
            )
            if past and days < -7 and b.rng.random() < 0.5:
                named = b.rng.random() < 0.5
                given = starts + timedelta(days=1)
                b.add(
                    Feedback,
                    team_id=client["team_id"],
                    specialist_id=specialist["id"],
                    rating=b.rng.randint(3, 5),
                    comment="Godt møde." if b.rng.random() < 0.3 else None,
                    named=named,
                    month=given.date().replace(day=1),
                    client_id=client["id"] if named else None,
                    meeting_id=meeting if named else None,
                    created_at=given if named else None,
                )


def _job_development(b: _Builder, staff: dict, employers: list[dict]) -> None:
    """The specialists' employer contacts: some on a client's behalf (with consent), most not."""
    consented = defaultdict(list)
    for consent in b.rows[EmployerConsent]:
        consented[consent["client_id"]].append(consent["employer_id"])
    for i in range(_n("employer_contacts", b.scale)):
        specialist = staff["specialists"][i % len(staff["specialists"])]
        client = staff["clients"][b.rng.randrange(len(staff["clients"]))]
        for_client = b.rng.random() < 0.3 and consented[client["id"]]
        if for_client and staff["specialist_of"][client["id"]] is not specialist:
            for_client = False
        b.add(
            EmployerContact,
            specialist_id=specialist["id"],
            employer_id=b.rng.choice(consented[client["id"]])
            if for_client
            else b.rng.choice([e for e in employers if e["team_id"] == specialist["team_id"]])[
                "id"
            ],
            client_id=client["id"] if for_client else None,
            contact_on=b.ago(0, 365),
            in_person=b.rng.random() < 0.6,
            note="Talte med butikschefen om en prøveperiode." if b.rng.random() < 0.3 else None,
            created_at=b.now - timedelta(days=1),
        )


def row_counts() -> dict[str, int]:
    """How many rows the main tables hold (for the report)."""
    models = (Team, User, Conversation, Message, Goal, PlanStep, Job, CheckIn, Meeting)
    return {m.__tablename__: db.scalar(select(func.count()).select_from(m)) for m in models}
