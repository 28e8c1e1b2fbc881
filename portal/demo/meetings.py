"""Demo meetings and feedback: summaries confirmed, waiting and corrected, coming meetings,
and enough feedback that the team lead's figures show, and some are hidden as too few."""

from datetime import date, time, timedelta

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import User
from portal.feedback.models import Feedback
from portal.feedback.services import give_feedback, month_of
from portal.meetings.models import MeetingMode
from portal.meetings.services import MeetingData, confirm_summary, dispute_summary, plan_meeting

JOBCENTRE = "Jobcenter Odense, Ørbækvej 100"

# Earlier answers given without a name: (specialist e-mail, months ago, ratings).
EARLIER_ANONYMOUS = [
    ("mette@demo.ips-portal.dk", 0, (5, 4, 4, 5, 3)),
    ("jonas@demo.ips-portal.dk", 0, (4, 3, 5, 4, 4)),
    ("mette@demo.ips-portal.dk", 3, (4, 5, 3)),
    ("jonas@demo.ips-portal.dk", 3, (2, 4)),
    ("sara@demo.ips-portal.se", 0, (5, 4, 4)),
]
ANONYMOUS_COMMENTS = [
    "Det hjalp at vi øvede samtalen før jobinterviewet.",
    "Jeg vil gerne have møderne lidt tidligere på dagen.",
    "Rart at jeg selv bestemmer tempoet.",
]


def on_a_weekday(days_from_today: int, today: date) -> date:
    """The day so many days from today, moved off a weekend: a past meeting to the Friday
    before (so it stays past, with its summary), a coming one to the Monday after."""
    day = today + timedelta(days=days_from_today)
    weekend = day.weekday() - 4  # Saturday 1, Sunday 2; a weekday is 0 or less
    if weekend <= 0:
        return day
    if days_from_today < 0:
        return day - timedelta(days=weekend)
    return day + timedelta(days=3 - weekend)


def _day(days_from_today: int) -> date:
    return on_a_weekday(days_from_today, local_today())


def _meeting(specialist, client, days, at, mode, place=None, summary=None, minutes=60):
    data = MeetingData(_day(days), at, minutes, mode, place, summary)
    return plan_meeting(specialist, client, data)


def load_demo_meetings(users: dict[str, User]) -> None:
    mette, sara, jonas = (
        users["mette@demo.ips-portal.dk"],
        users["sara@demo.ips-portal.se"],
        users["jonas@demo.ips-portal.dk"],
    )
    anna, peter = users["anna@demo.ips-portal.dk"], users["peter@demo.ips-portal.dk"]
    elin, yusuf = users["elin@demo.ips-portal.se"], users["yusuf@demo.ips-portal.dk"]

    first = _meeting(
        mette,
        anna,
        -14,
        time(10),
        MeetingMode.IN_PERSON,
        JOBCENTRE,
        "Anna ringer til Brugsen Vollsmose om en prøveperiode i næste uge. "
        "Mette finder ud af, hvordan timerne passer med ydelsen.",
    )
    confirm_summary(anna, first, first.version)
    give_feedback(anna, 4, "Godt at vi lagde en plan for den første uge sammen.", True, first)
    _meeting(
        mette,
        anna,
        -3,
        time(13, 30),
        MeetingMode.PHONE,
        None,
        "Anna starter på 12 timer om ugen. Vi taler sammen igen efter to uger.",
        minutes=30,
    )
    _meeting(mette, anna, 5, time(10), MeetingMode.IN_PERSON, JOBCENTRE)

    corrected = _meeting(
        mette,
        peter,
        -7,
        time(9),
        MeetingMode.IN_PERSON,
        "Café Kragen, Vestergade 12",
        "Peter søger tre lagerjob inden næste møde.",
    )
    dispute_summary(
        peter,
        corrected,
        "Vi aftalte to ansøgninger, ikke tre. Og gerne også butiksjob.",
        corrected.version,
    )
    _meeting(jonas, yusuf, 8, time(14), MeetingMode.VIDEO, "The video link comes by message")

    met = _meeting(
        sara,
        elin,
        -10,
        time(11),
        MeetingMode.IN_PERSON,
        "Kommunhuset, Botkyrka",
        "Elin frågar Lagerhuset om praktik. Sara hjälper till med ansökan till Komvux.",
    )
    confirm_summary(elin, met, met.version)
    _meeting(sara, elin, 2, time(15), MeetingMode.VIDEO, "Länken kommer i ett meddelande")
    _earlier_anonymous_feedback(users)


def _earlier_anonymous_feedback(users: dict[str, User]) -> None:
    """Answers of earlier participants, kept as anonymous answers are: no name, month only."""
    this_month = month_of(local_today())
    comments = iter(ANONYMOUS_COMMENTS)
    for email, months_ago, ratings in EARLIER_ANONYMOUS:
        specialist = users[email]
        index = this_month.year * 12 + this_month.month - 1 - months_ago
        month = date(index // 12, index % 12 + 1, 1)
        for rating in ratings:
            comment = (
                next(comments, None) if months_ago == 0 and email.startswith("mette") else None
            )
            db.add(
                Feedback(
                    team_id=specialist.team_id,
                    specialist_id=specialist.id,
                    rating=rating,
                    comment=comment,
                    named=False,
                    month=month,
                )
            )
    db.flush()
