"""Each team's benefits questions: its country's starting list, which the team lead edits.

The starting questions name the country's own benefits, in the country's own words in every
language (they are names; the English and the other country's language explain them in a few
words). A team gets its list from its country's starting list when the team is made (and teams made
before this feature, by its migration), as rows that keep the starting question's key (shown
in the reader's language) until the lead writes other words; so reading a list never writes.
The participant's country is their team's (portal.core.countries); an account without a team
has its installation's starting list as it is.
"""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from portal.core.authz import leads_team, load_or_deny, require
from portal.core.countries import country_of
from portal.core.db import db, utcnow
from portal.core.identity import Country, Team, User
from portal.placements.models import BenefitQuestion

# By country, in the order a counsellor would go through them. Keys are stored: never rename one.
STARTING_QUESTIONS = {
    Country.DENMARK: {
        "dk_kontanthjaelp": _l(
            "What happens to my kontanthjælp (social assistance) when I earn a wage, and how "
            "much more will I have each month?"
        ),
        "dk_ressourceforloeb": _l(
            "I am in a ressourceforløb (a resource programme): what happens to it, and to my "
            "benefit, if I start working?"
        ),
        "dk_fleksjob": _l(
            "Could a fleksjob (a job on special terms with fewer hours) be right for me, and how "
            "would my pay be made up?"
        ),
        "dk_ledighedsydelse": _l(
            "If I get ledighedsydelse (the benefit while waiting for a fleksjob), what happens to "
            "it when I work?"
        ),
        "dk_boligstoette": _l("Does a wage change my boligstøtte (housing benefit)?"),
        "dk_akasse": _l(
            "Am I in an a-kasse (unemployment insurance fund), and what happens to my dagpenge "
            "(unemployment benefit) if I work part-time?"
        ),
        "dk_tell": _l(
            "Whom do I tell about my wage and hours (the jobcenter, Udbetaling Danmark), and by "
            "when?"
        ),
    },
    Country.SWEDEN: {
        "se_aktivitetsersattning": _l(
            "What happens to my aktivitetsersättning (activity compensation) when I start "
            "working, and how much more will I have each month?"
        ),
        "se_sjukersattning": _l(
            "If I have sjukersättning (sickness compensation), how much may I earn, and can I "
            "let it rest while I try working?"
        ),
        "se_etableringsersattning": _l(
            "What happens to my etableringsersättning (introduction benefit for new arrivals) "
            "when I work or work more hours?"
        ),
        "se_forsorjningsstod": _l(
            "Do I get försörjningsstöd (financial assistance from the municipality), and how "
            "does a wage change it?"
        ),
        "se_bostadstillagg": _l("Does a wage change my bostadstillägg (housing supplement)?"),
        "se_akassa": _l(
            "Am I in an a-kassa (unemployment insurance fund), and what happens to my "
            "unemployment benefit if I work part-time?"
        ),
        "se_tell": _l(
            "Whom do I tell about my wage and hours (Försäkringskassan, Arbetsförmedlingen, the "
            "municipality), and by when?"
        ),
    },
}
COUNTRY_LANGUAGES = {Country.DENMARK: "da", Country.SWEDEN: "sv"}
STARTING_TEXTS = {key: text for texts in STARTING_QUESTIONS.values() for key, text in texts.items()}


def question_text(question: BenefitQuestion) -> str:
    """The team's own words, or the starting question in the reader's language."""
    if question.text:
        return question.text
    return str(STARTING_TEXTS.get(question.key or "", ""))


def _has_list(team_id: int) -> bool:
    query = select(func.count(BenefitQuestion.id)).where(BenefitQuestion.team_id == team_id)
    return bool(db.scalar(query))


@event.listens_for(Session, "before_flush")
def _give_new_teams_their_starting_list(session, _flush_context, _instances) -> None:
    """A team is made with its country's starting list, wherever it is made (the command
    line, the demo data, the tests)."""
    for team in [thing for thing in session.new if isinstance(thing, Team)]:
        country = team.country or Country.DENMARK  # the column's default
        for position, key in enumerate(STARTING_QUESTIONS[country], 1):
            session.add(BenefitQuestion(team=team, position=position, key=key))


def ensure_team_questions(team: Team) -> None:
    """Make the team's list from its country's starting list, unless it has one already
    (removed rows count: a list the lead emptied stays empty)."""
    if _has_list(team.id):
        return
    for position, key in enumerate(STARTING_QUESTIONS[team.country], 1):
        db.add(BenefitQuestion(team_id=team.id, position=position, key=key))
    db.flush()


def team_questions(team_id: int) -> list[BenefitQuestion]:
    return list(
        db.scalars(
            select(BenefitQuestion)
            .where(BenefitQuestion.team_id == team_id, BenefitQuestion.removed_at.is_(None))
            .order_by(BenefitQuestion.position, BenefitQuestion.id)
        )
    )


def questions_for(client: User) -> list[str]:
    """The texts of the questions of the participant's team, in the participant's language."""
    # Written into their plan once, so in their language; without one, their country's.
    with force_locale(client.locale or COUNTRY_LANGUAGES[country_of(client)]):
        if client.team is None:
            return [str(text) for text in STARTING_QUESTIONS[country_of(client)].values()]
        ensure_team_questions(client.team)
        return [question_text(question) for question in team_questions(client.team_id)]


# --- the team lead's edits ---------------------------------------------------------------


def add_question(actor: User, team: Team, text: str) -> BenefitQuestion:
    require(leads_team(actor, team.id))
    ensure_team_questions(team)
    last = db.scalar(
        select(func.max(BenefitQuestion.position)).where(BenefitQuestion.team_id == team.id)
    )
    question = BenefitQuestion(team_id=team.id, position=(last or 0) + 1, text=text)
    db.add(question)
    db.flush()
    return question


def reword_question(actor: User, question: BenefitQuestion, text: str) -> None:
    """The lead's words replace the starting question's (in every language: they are one)."""
    require(leads_team(actor, question.team_id))
    question.text = text
    db.flush()


def remove_question(actor: User, question: BenefitQuestion) -> None:
    require(leads_team(actor, question.team_id))
    if question.removed_at is None:
        question.removed_at = utcnow()
        db.flush()


def restore_starting_list(actor: User, team: Team) -> None:
    """Back to the country's starting list: its questions in their words and order, the
    team's own questions removed. Rows keep their ids, so an open page's forms still work."""
    require(leads_team(actor, team.id))
    ensure_team_questions(team)
    rows = db.scalars(select(BenefitQuestion).where(BenefitQuestion.team_id == team.id)).all()
    by_key = {row.key: row for row in rows if row.key}
    now = utcnow()
    for row in rows:
        if row.key not in STARTING_QUESTIONS[team.country] and row.removed_at is None:
            row.removed_at = now
    for position, key in enumerate(STARTING_QUESTIONS[team.country], 1):
        row = by_key.get(key) or BenefitQuestion(team_id=team.id, key=key)
        row.position, row.text, row.removed_at = position, None, None
        db.add(row)
    db.flush()


def load_led_team(team_id: int) -> Team:
    """Return a team the current user leads, or answer 404 (another team is not there)."""
    return load_or_deny(Team, team_id, lambda team: leads_team(current_user, team.id))


def load_question(question_id: int) -> BenefitQuestion:
    """Return a question of a team the current user leads, not removed, or answer 404."""
    return load_or_deny(
        BenefitQuestion,
        question_id,
        lambda row: row.removed_at is None and leads_team(current_user, row.team_id),
    )
