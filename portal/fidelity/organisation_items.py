"""The staffing and organisation items of the IPS-25 (S1-S3, O1-O8); see portal.fidelity.items."""

from flask_babel import lazy_gettext as _l

from portal.fidelity.scales import (
    ORGANISATION,
    SHARE_IN_WORDS,
    STAFFING,
    Bands,
    Item,
)

STAFFING_AND_ORGANISATION = (
    Item(
        "S1",
        STAFFING,
        _l("Caseload size"),
        (
            _l("41 or more participants per full-time specialist."),
            _l("31 to 40 participants per full-time specialist."),
            _l("26 to 30 participants per full-time specialist."),
            _l("21 to 25 participants per full-time specialist."),
            _l("20 or fewer participants per full-time specialist."),
        ),
        checked=True,
        measure="caseload_per_full_time",
        bands=Bands(20, 25, 30, 40, lower_is_better=True),
        reading=_l(
            "Participants in the specialists' caseloads at the end of the period, over the "
            "specialists' working hours counted in full-time posts."
        ),
    ),
    Item(
        "S2",
        STAFFING,
        _l("Employment services staff"),
        (
            _l("Specialists spend less than 60 per cent of their time on employment services."),
            _l("60 to 74 per cent of their time."),
            _l("75 to 89 per cent of their time."),
            _l("90 to 95 per cent of their time."),
            _l("96 per cent or more of their time: they do employment services only."),
        ),
        checked=True,
    ),
    Item(
        "S3",
        STAFFING,
        _l("Vocational generalists"),
        (
            _l("Specialists only refer participants on to other programmes."),
            _l("Specialists keep a caseload but others give the employment services."),
            _l("Specialists give some of the phases; others give the rest."),
            _l("Specialists give most of the phases, but not the whole service."),
            _l(
                "Each specialist gives every phase: intake, engagement, assessment, job search, "
                "job coaching and support in the job."
            ),
        ),
        measure="one_specialist_throughout",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the participants with employer contacts, meetings or jobs in the period: the "
            "share whose every contact, meeting and job was their own specialist's (a "
            "hand-over passes the whole service on, so both count as their own)."
        ),
    ),
    Item(
        "O1",
        ORGANISATION,
        _l("Integration with treatment through team assignment"),
        (
            _l("Employment services run apart from mental health treatment."),
            _l(
                "Specialists are attached to three or more treatment teams, or fewer than half "
                "of their participants come from their one or two teams."
            ),
            _l("50 to 74 per cent of the participants come from the specialists' treatment teams."),
            _l("75 to 89 per cent come from the specialists' treatment teams."),
            _l(
                "90 per cent or more come from the one or two treatment teams the specialists "
                "belong to."
            ),
        ),
        measure="referred_by_treatment",
        bands=Bands(90, 75, 50, 1),
        reading=_l(
            "Of the referrals the team accepted in the period: the share a treatment contact "
            "of a linked clinic made. None at all reads as services run apart from treatment."
        ),
    ),
    Item(
        "O2",
        ORGANISATION,
        _l("Integration with treatment through frequent contact"),
        (
            _l("One or none of the five signs of integration."),
            _l("Two of the five signs."),
            _l("Three of the five signs."),
            _l("Four of the five signs."),
            _l(
                "All five: weekly treatment team meetings, shared decisions, employment notes in "
                "the shared record, offices close by, and help to think of work for others."
            ),
        ),
    ),
    Item(
        "O3",
        ORGANISATION,
        _l("Collaboration with the employment authorities"),
        (
            _l("Contact about participants less than every quarter, or none."),
            _l("Contact about participants at least every quarter."),
            _l("Contact about participants at least monthly."),
            _l("Meetings at least every quarter, or contact about participants every week."),
            _l("Meetings at least monthly and contact about participants every week."),
        ),
    ),
    Item(
        "O4",
        ORGANISATION,
        _l("Vocational unit"),
        (
            _l("No vocational unit."),
            _l("The same supervisor, but no group meetings and no cover for each other."),
            _l("The same supervisor and case discussions, but no cover for each other."),
            _l("A unit that discusses cases and covers for each other."),
            _l(
                "At least two specialists and a leader meet weekly for supervision, share job "
                "leads and cover for each other."
            ),
        ),
    ),
    Item(
        "O5",
        ORGANISATION,
        _l("Role of the employment supervisor"),
        (
            _l("One or none of the five parts of the role."),
            _l("Two of the five parts."),
            _l("Three of the five parts."),
            _l("Four of the five parts."),
            _l(
                "All five: at most ten specialists each, weekly supervision, contact with the "
                "treatment teams' leaders, monthly field mentoring, and a look at outcomes with "
                "the specialists at least every quarter."
            ),
        ),
    ),
    Item(
        "O6",
        ORGANISATION,
        _l("Zero exclusion"),
        (
            _l("A formal policy screens people out as not ready."),
            _l("Most people are kept out by several criteria."),
            _l("Some people are kept out by criteria."),
            _l("Nobody is screened out, but referrals are not sought widely."),
            _l(
                "Everyone who wants to work can join; referrals come from many places, "
                "including people themselves."
            ),
        ),
        measure="no_one_screened_out",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the referrals that ended in the period: the share that ended in a start, or "
            "because the person said no, was already a participant, lived elsewhere or could "
            "not be reached after at least three tries."
        ),
    ),
    Item(
        "O7",
        ORGANISATION,
        _l("The organisation's focus on ordinary work"),
        (
            _l("One or none of the five signs."),
            _l("Two of the five signs."),
            _l("Three of the five signs."),
            _l("Four of the five signs."),
            _l(
                "All five: work is asked about at intake and at every plan review, information "
                "about IPS is on display, participants share their work stories, and the "
                "employment rate is measured every quarter and shared."
            ),
        ),
        evidence="figures_shared_each_quarter",
        reading=_l(
            "The records show one of the signs: the quarters of the period whose figures the "
            "team lead shared with the team from the report."
        ),
    ),
    Item(
        "O8",
        ORGANISATION,
        _l("Support from the management"),
        (
            _l("One or none of the five signs."),
            _l("Two of the five signs."),
            _l("Three of the five signs."),
            _l("Four of the five signs."),
            _l(
                "All five: the management knows IPS, reviews fidelity regularly, takes part in a "
                "steering group, says how IPS serves the mission, and helps remove barriers."
            ),
        ),
    ),
)
