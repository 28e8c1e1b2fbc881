"""Demo plans in progress and career profiles, in Danish and in Swedish."""

from datetime import date, timedelta

from portal.core.db import db
from portal.core.identity import User
from portal.goals.models import GoalKind, GoalStatus
from portal.goals.services import GoalData, add_goal_note, create_goal
from portal.plans.models import ItemKind, Responsible, StepStatus
from portal.plans.services import (
    StepData,
    add_item,
    add_step,
    set_step_status,
    tick_benefit_question,
)
from portal.profiles.models import Section
from portal.profiles.services import add_suggestion, get_profile, save_section


def days(n: int) -> date:
    return date.today() + timedelta(days=n)


def save_profile(client: User, section: Section, values: dict, shared: bool = True) -> None:
    profile = get_profile(client.id)
    save_section(client, client, section, values, shared, profile.version if profile else None)
    db.flush()


def plan_in_progress(anna: User, mette: User) -> None:
    """Anna leads her own plan; Mette has commented, suggested and proposed a step."""
    shop = create_goal(
        anna,
        anna,
        GoalData(
            GoalKind.JOB,
            "Arbejde i en butik med planter eller blomster, 15 timer om ugen",
            days(120),
        ),
    )
    create_goal(anna, anna, GoalData(GoalKind.EDUCATION, "Tage et kursus i kundeservice", None))
    create_goal(
        anna,
        anna,
        GoalData(GoalKind.JOB, "Prøve et par timer i en genbrugsbutik", None, GoalStatus.ACHIEVED),
    )
    add_goal_note(anna, shop, "Jeg har talt med min søster om, hvilke butikker der ligger tæt på.")
    add_goal_note(mette, shop, "Godt tænkt! Planteskolen i Vollsmose søger ofte folk til foråret.")
    save_profile(
        anna,
        Section.HISTORY,
        {"history": "Kassemedarbejder i Netto 2015-2017.\nFrivillig i en genbrugsbutik 2022."},
    )
    save_profile(
        anna,
        Section.STRENGTHS,
        {"strengths": "Jeg er god til at hjælpe kunder og holde orden. Jeg er rolig og pålidelig."},
    )
    save_profile(
        anna,
        Section.PREFERENCES,
        {
            "preferred_work": "Butik, gartneri eller lager",
            "hours_per_week": 15,
            "preferred_place": "Odense, højst 30 minutter med bus",
            "what_matters": "Faste tider om formiddagen og søde kolleger.",
        },
    )
    save_profile(
        anna,
        Section.SUPPORTS,
        {"supports": "Det hjælper at vide på forhånd, hvad dagen byder på."},
        shared=False,
    )
    add_suggestion(
        mette,
        anna,
        Section.STRENGTHS,
        "Du fortalte, at du lærte nye kolleger op i Netto. Det er værd at skrive med.",
    )
    add_step(
        anna, anna, StepData("Skrive mit CV færdigt sammen med Mette", Responsible.ME, days(7))
    )
    add_step(
        anna, anna, StepData("Besøge to butikker og spørge efter job", Responsible.ME, days(14))
    )
    add_step(
        anna,
        anna,
        StepData("Tale med min læge om arbejdstider", Responsible.TREATMENT_TEAM, days(21)),
    )
    done = add_step(anna, anna, StepData("Melde mig i jobcentret", Responsible.JOB_CENTRE, None))
    set_step_status(anna, done, anna, StepStatus.DONE)
    add_step(
        mette,
        anna,
        StepData("Kontakte planteskolen om en prøveperiode", Responsible.SPECIALIST, days(10)),
    )
    add_item(anna, anna, ItemKind.ACCOMMODATION, "Et roligt sted at holde pause", None)
    add_item(
        anna,
        anna,
        ItemKind.OBSTACLE,
        "Hvis jeg sover dårligt i flere nætter",
        "Jeg skriver til Mette, og vi aftaler kortere dage i en periode.",
    )
    benefit = add_item(
        mette,
        anna,
        ItemKind.BENEFIT,
        "Hvad sker der med min ydelse, hvis jeg arbejder 15 timer om ugen?",
        None,
    )
    tick_benefit_question(mette, benefit, anna)


def plan_in_progress_sv(elin: User, sara: User) -> None:
    create_goal(elin, elin, GoalData(GoalKind.JOB, "Jobba på ett lager, gärna dagtid", days(90)))
    create_goal(elin, elin, GoalData(GoalKind.EDUCATION, "Ta truckkort", days(60)))
    add_step(
        elin,
        elin,
        StepData("Boka ett möte med Arbetsförmedlingen", Responsible.JOB_CENTRE, days(5)),
    )
    add_step(
        sara,
        elin,
        StepData("Besöka Lagerhuset i Tumba tillsammans", Responsible.SPECIALIST, days(12)),
    )
    # Each team's own agencies (issue 21): Elin's team is Swedish, so Försäkringskassan.
    add_step(
        elin,
        elin,
        StepData(
            "Fråga Försäkringskassan om sjukersättningen när jag börjar jobba",
            Responsible.FORSAKRINGSKASSAN,
            days(20),
        ),
    )
    add_item(
        sara,
        elin,
        ItemKind.BENEFIT,
        "Hur påverkas min sjukersättning om jag börjar jobba 20 timmar?",
        None,
    )
