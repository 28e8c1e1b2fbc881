"""The national lists of occupations: replacing one with a new import, and finding a title in
the list of a team's country (the job form's suggestions and the type of work a title gives)."""

from sqlalchemy import case, delete, exists, func, insert, select

from portal.core.db import db
from portal.core.identity import Country
from portal.occupations.files import ListedOccupation
from portal.occupations.models import OccupationTitle

DISCO = "disco-08"
SSYK = "ssyk-2012"
LIST_NAMES = {DISCO: "DISCO-08", SSYK: "SSYK 2012"}
CLASSIFICATION_OF = {Country.DENMARK: DISCO, Country.SWEDEN: SSYK}
SUGGESTIONS = 12
SHORTEST_SEARCH = 2  # one letter matches hundreds of titles


def replace_list(classification: str, occupations: list[ListedOccupation]) -> None:
    """Put `occupations` in place of the list imported before (jobs keep only the group, so
    no job changes)."""
    db.execute(delete(OccupationTitle).where(OccupationTitle.classification == classification))
    if not occupations:
        return
    db.execute(
        insert(OccupationTitle),
        [
            {
                "classification": classification,
                "code": occupation.code,
                "title": occupation.title,
                "folded": fold(occupation.title),
                "isco_group": occupation.isco_group,
            }
            for occupation in occupations
        ],
    )


def imported_list_name(country: Country) -> str | None:
    """The name of the country's list when it has been imported ("DISCO-08"), else None."""
    classification = CLASSIFICATION_OF[country]
    held = db.scalar(select(exists().where(OccupationTitle.classification == classification)))
    return LIST_NAMES[classification] if held else None


def find_titles(country: Country, typed: str) -> list[str]:
    """Titles of the country's list holding what was typed, those starting with it first."""
    folded = fold(typed)
    if len(folded) < SHORTEST_SEARCH:
        return []
    starts_first = case((OccupationTitle.folded.startswith(folded, autoescape=True), 0), else_=1)
    return list(
        db.scalars(
            select(OccupationTitle.title)
            .where(
                OccupationTitle.classification == CLASSIFICATION_OF[country],
                OccupationTitle.folded.contains(folded, autoescape=True),
            )
            .group_by(OccupationTitle.title, OccupationTitle.folded)
            .order_by(func.min(starts_first), OccupationTitle.folded)
            .limit(SUGGESTIONS)
        )
    )


def group_of_title(country: Country, title: str) -> str | None:
    """The ISCO-08 group of a title in the country's list, or None when the list does not
    hold the title, or holds it under more than one group."""
    groups = db.scalars(
        select(OccupationTitle.isco_group)
        .where(
            OccupationTitle.classification == CLASSIFICATION_OF[country],
            OccupationTitle.folded == fold(title),
        )
        .distinct()
    ).all()
    return groups[0] if len(groups) == 1 else None


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()
