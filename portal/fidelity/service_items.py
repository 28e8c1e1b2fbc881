"""The service items of the IPS-25 (V1-V14); see portal.fidelity.items."""

from flask_babel import lazy_gettext as _l

from portal.fidelity.scales import SERVICES, SHARE_IN_WORDS, SHARE_OF_JOBS, Bands, Item

SERVICE_ITEMS = (
    Item(
        "V1",
        SERVICES,
        _l("Benefits planning"),
        (
            _l("Benefits planning is not readily available."),
            _l("Specialists refer participants elsewhere for benefits advice."),
            _l("Specialists talk through with each participant how work changes their benefits."),
            _l("Participants are offered personal benefits planning before they start a job."),
            _l(
                "Everyone is offered personal benefits planning before a new job and whenever "
                "their hours or pay change."
            ),
        ),
        measure="benefits_planning",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the job starts and changes of hours in the period: the share whose benefits "
            "questions were gone through."
        ),
    ),
    Item(
        "V2",
        SERVICES,
        _l("Disclosure"),
        (
            _l("None of the four parts of good practice about disclosure."),
            _l("One of the four parts."),
            _l("Two of the four parts."),
            _l("Three of the four parts."),
            _l(
                "All four: nobody has to disclose to get help; pros and cons are talked through "
                "before; what to say is worked out together; it is taken up again when needed."
            ),
        ),
        measure="participant_decided_disclosure",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the jobs with an employer that started in the period: the share whose "
            "participant had said themselves, by the first day, what that employer may be told."
        ),
    ),
    Item(
        "V3",
        SERVICES,
        _l("Ongoing, work-based assessment"),
        (
            _l("Tests and work samples in an office before any job."),
            _l("Step-by-step assessment in pre-vocational or set-aside work."),
            _l("Job search without a look at the person's interests; job endings not learnt from."),
            _l("An assessment and lessons from jobs, but the career profile is not kept up."),
            _l(
                "A career profile made in two or three meetings, used to choose jobs and "
                "updated with every job."
            ),
        ),
        measure="profile_kept_up",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the job starts and endings in the period: the share after which the "
            "participant's career profile was brought up to date within a month."
        ),
    ),
    Item(
        "V4",
        SERVICES,
        _l("Rapid job search"),
        (
            _l("The first meeting with an employer comes 271 days or more after the start."),
            _l("After 151 to 270 days."),
            _l("After 61 to 150 days."),
            _l("After 31 to 60 days."),
            _l("Within 30 days of the start, on average."),
        ),
        measure="days_to_first_employer_meeting",
        bands=Bands(30, 60, 150, 270, lower_is_better=True),
        reading=_l(
            "Of the participants whose first face-to-face employer contact fell in the period: "
            "the average number of days from their start in IPS."
        ),
    ),
    Item(
        "V5",
        SERVICES,
        _l("Individualised job search"),
        (
            _l("Less than 25 per cent of employer contacts follow the participants' wishes."),
            _l("25 to 49 per cent of employer contacts."),
            _l("50 to 74 per cent of employer contacts."),
            _l("75 to 89 per cent of employer contacts."),
            _l(
                "90 per cent or more of employer contacts follow the participants' wishes and "
                "goals."
            ),
        ),
        measure="contacts_follow_wishes",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the employer contacts on behalf of the participants in the period: the share "
            "the specialist logged as following one of the participant's own goals."
        ),
    ),
    Item(
        "V6",
        SERVICES,
        _l("Frequent employer contact"),
        (
            _l("Fewer than 2 face-to-face employer contacts per specialist a week."),
            _l("2 to 3 a week, or they are not recorded."),
            _l("4 a week, recorded."),
            _l("5 a week, recorded and looked at monthly."),
            _l("6 or more a week, recorded and looked at weekly."),
        ),
        measure="employer_meetings_per_week",
        bands=Bands(6, 5, 4, 2),
        reading=_l(
            "Face-to-face employer contacts in the period per specialist and week, on average "
            "over the team's specialists."
        ),
    ),
    Item(
        "V7",
        SERVICES,
        _l("Quality of employer contact"),
        (
            _l("Contact only to hand in applications, or hardly any."),
            _l("Specialists ask about openings and pass them on."),
            _l("Specialists follow up advertised jobs and ask for interviews."),
            _l("Specialists meet employers whether or not there is an opening."),
            _l(
                "Several planned visits to learn the employer's needs and offer well-matched "
                "candidates."
            ),
        ),
    ),
    Item(
        "V8",
        SERVICES,
        _l("Diversity of job types"),
        (
            _l("Less than 50 per cent of the jobs are of different types."),
            _l("50 to 59 per cent are of different types."),
            _l("60 to 69 per cent are of different types."),
            _l("70 to 84 per cent are of different types."),
            _l("85 per cent or more of the jobs are of different types."),
        ),
        measure="different_job_types",
        bands=SHARE_OF_JOBS,
        reading=_l(
            "Of the jobs held in the period with a type of work recorded (an ISCO-08 group): "
            "the number of different types over the number of jobs."
        ),
    ),
    Item(
        "V9",
        SERVICES,
        _l("Diversity of employers"),
        (
            _l("Less than 50 per cent of the jobs are with different employers."),
            _l("50 to 59 per cent are with different employers."),
            _l("60 to 69 per cent are with different employers."),
            _l("70 to 84 per cent are with different employers."),
            _l("85 per cent or more of the jobs are with different employers."),
        ),
        measure="different_employers",
        bands=SHARE_OF_JOBS,
    ),
    Item(
        "V10",
        SERVICES,
        _l("Competitive jobs"),
        (
            _l("Less than 64 per cent of the jobs are ordinary jobs on the open labour market."),
            _l("64 to 74 per cent are ordinary jobs."),
            _l("75 to 84 per cent are ordinary jobs."),
            _l("85 to 94 per cent are ordinary jobs."),
            _l("95 per cent or more are ordinary jobs anyone could apply for, at the usual pay."),
        ),
        measure="ordinary_jobs",
        bands=Bands(95, 85, 75, 64),
    ),
    Item(
        "V11",
        SERVICES,
        _l("Individualised support in the job"),
        (
            _l("Most participants get no support once they have started a job."),
            _l("About half get a narrow range of support, mostly from the specialist."),
            _l("Most get a narrow range of support, mostly from the specialist."),
            _l("Varied support fitted to the person, and help to the employer when asked for."),
            _l("As at 4, and help to move on: education, a better job."),
        ),
        measure="jobs_with_support_plan",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the jobs held in the period: the share with a support plan written with the "
            "participant (what helps in the job, and from whom)."
        ),
    ),
    Item(
        "V12",
        SERVICES,
        _l("Support without end date"),
        (
            _l("No face-to-face contact after the first month in a job."),
            _l("Fewer than half of those working are met for at least four months."),
            _l("At least half of those working are met for at least four months."),
            _l("Met weekly in the first month, then at least monthly for a year or more."),
            _l(
                "Met within a week before the start, within three days after, weekly in the "
                "first month, then at least monthly for a year or more."
            ),
        ),
        measure="follow_along_met",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the contacts due in the period for the jobs held in it (within a week before "
            "the start, within three days after, in each of the next three weeks, then each "
            "month to a year): the share met face to face."
        ),
    ),
    Item(
        "V13",
        SERVICES,
        _l("Services in the community"),
        (
            _l("Specialists spend 30 per cent or less of their working time in the community."),
            _l("30 to 39 per cent of their working time."),
            _l("40 to 49 per cent of their working time."),
            _l("50 to 64 per cent of their working time."),
            _l("65 per cent or more of their working time."),
        ),
    ),
    Item(
        "V14",
        SERVICES,
        _l("Assertive engagement and outreach"),
        (
            _l("Two or fewer of the six ways of reaching out."),
            _l("Three of the six ways."),
            _l("Four of the six ways."),
            _l("Five of the six ways."),
            _l(
                "All six: nobody is closed for missed meetings or a time limit; tries are "
                "recorded; the treatment team helps; home and community visits; joint visits; "
                "contact with family where it fits."
            ),
        ),
        measure="outreach_before_closing",
        bands=SHARE_IN_WORDS,
        reading=_l(
            "Of the participants whose accounts were switched off in the period: the share "
            "with at least three tries to get back in touch noted in the 60 days before."
        ),
    ),
)
