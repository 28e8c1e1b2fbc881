"""IPS Odense's fidelity reviews for the demo: last year's, finished, and this year's, open,
with the lead's scores and notes for the items no record shows and a step of the action
plan, and the quarters whose figures the lead shared with the team. The items the records
show are measured from the demo year (portal.demo.history)."""

from datetime import UTC, date, datetime, time, timedelta

from portal.core.identity import User
from portal.fidelity.services import (
    add_action,
    finish_review,
    review_items,
    score_item,
    start_review,
)
from portal.reports.periods import QUARTER, YEAR, containing
from portal.reports.sharing import keep_figures

# The lead's scores and notes (in Danish: IPS Odense's own words), last year's and this year's.
NOTES = {
    "S2": (4, 5, "Konsulenterne laver kun beskæftigelsesindsats; lidt tid går til visitation."),
    "O2": (3, 4, "Deltager i behandlingsteamets møde hver uge; noter i samme journal."),
    "O3": (2, 3, "Fast møde med jobcentret hver måned siden foråret."),
    "O4": (4, 4, "Ugentlig gruppesupervision; dækker for hinanden i ferier."),
    "O5": (3, 4, "Lederen tager med ud hos arbejdsgivere hver måned."),
    "O7": (3, 4, "Spørger til arbejde ved indskrivning og planmøder; opslag i venteværelset."),
    "O8": (3, 3, "Styregruppe med direktionen hvert halve år."),
    "V2": (4, 5, "Deltagerne beslutter selv, hvad arbejdsgiveren får at vide."),
    "V3": (3, 4, "Karriereprofilen opdateres efter hvert job."),
    "V5": (4, 4, "Arbejdsgiverkontakter følger deltagernes egne ønsker."),
    "V7": (3, 4, "Flere besøg hos samme arbejdsgiver før en kandidat foreslås."),
    "V8": (4, 4, "Jobbene spænder fra butik og lager til gartneri og avis."),
    "V11": (3, 4, "Støtten tilpasses; arbejdsgiveren inddrages kun når deltageren vil."),
    "V12": (3, 4, "Ugentlig kontakt den første måned, derefter mindst månedligt."),
    "V13": (4, 5, "Konsulenterne er ude i byen det meste af dagen."),
    "V14": (4, 4, "Ingen afsluttes for udeblivelse; forsøg noteres i sagen."),
}
# For a measured item with too few records in the demo year: the lead's own reading.
TOO_FEW_NOTE = "For få forløb til at score ud fra journalen; vurderet ved interview."


def load_demo_fidelity(users: dict[str, User], today: date) -> None:
    lead = users["lead@demo.ips-portal.dk"]
    _share_past_quarters(lead, today)
    last_year = containing(date(today.year - 1, 6, 1), YEAR)
    done = start_review(lead, lead.team, last_year, today)
    _score(lead, done, then=True)
    finish_review(lead, done)
    this_year = start_review(lead, lead.team, containing(today, YEAR), today)
    _score(lead, this_year, then=False, leave_out=("V14",))
    for key, text, weeks in (
        ("V6", "Hver konsulent sætter to formiddage om ugen af til arbejdsgiverbesøg.", 4),
        ("V1", "Ydelsesspørgsmålene gennemgås ved hver jobstart og ændring af timer.", 8),
    ):
        add_action(lead, this_year, key, text, today + timedelta(weeks=weeks))


def _share_past_quarters(lead, today: date) -> None:
    """The lead shared the figures of each quarter of last year but its third (the summer
    holidays), and of each ended quarter of this year, on the first day after it (O7)."""
    quarter = containing(date(today.year - 1, 1, 1), QUARTER)
    while quarter.end < today:
        if quarter.code != f"{today.year - 1}-Q3":
            day_after = quarter.end + timedelta(days=1)
            at = datetime.combine(day_after, time(9), tzinfo=UTC)
            keep_figures(lead, lead.team, quarter, at=at)
        quarter = containing(quarter.end + timedelta(days=1), QUARTER)


def _score(lead, review, then: bool, leave_out=()) -> None:
    for result in review_items(review):
        key = result.item.key
        if not result.needs_reviewer or key in leave_out:
            continue
        before, now, note = NOTES.get(key, (3, 3, TOO_FEW_NOTE))
        score_item(lead, review, key, before if then else now, note)
