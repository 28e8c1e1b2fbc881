"""What each figure of the report is called, and how it is counted, in plain words."""

from flask_babel import lazy_gettext as _l

# key: (name, unit, how it is counted)
FIGURES = {
    "clients_served": (
        _l("Participants served"),
        "",
        _l("Participants of the team who had started in IPS by the end of the period."),
    ),
    "in_ordinary_job": (
        _l("In an ordinary job"),
        "",
        _l(
            "Participants who had an ordinary job on the open labour market on at least one day of"
            " the period."
        ),
    ),
    "employment_rate": (
        _l("Got an ordinary job"),
        "%",
        _l(
            "Of the participants who had no ordinary job when they started in IPS: the share who "
            "had one during the period."
        ),
    ),
    "job_starts": (_l("Job starts"), "", _l("Jobs whose first day falls in the period.")),
    "education_starts": (_l("Education starts"), "", _l("Educations that started in the period.")),
    "days_to_first_contact": (
        _l("Days to the first employer contact"),
        _l("days"),
        _l(
            "For participants whose first employer contact (in the job development log) falls in "
            "the period: the median number of days from their start in IPS. IPS aims at about 30."
        ),
    ),
    "days_to_first_job": (
        _l("Days to the first job"),
        _l("days"),
        _l(
            "For participants whose first job started in the period: the median number of days "
            "from their start in IPS."
        ),
    ),
    "median_hours": (
        _l("Hours per week"),
        _l("hours"),
        _l("The median of the hours per week of the jobs held at some time in the period."),
    ),
    "share_20_hours": (
        _l("Working 20 hours or more"),
        "%",
        _l("Of the same jobs: the share with 20 hours a week or more."),
    ),
    "retention_90": (
        _l("Still in the job after 90 days"),
        "%",
        _l("Jobs whose 90th day falls in the period: the share that had not ended before it."),
    ),
    "employer_concentration": (
        _l("Employer concentration"),
        "%",
        _l(
            "Of the jobs started in the period: the share at the employer with the most of them. "
            "Lower means the team finds jobs in more places."
        ),
    ),
    "feedback_average": (
        _l("Feedback rating"),
        _l("of 5"),
        _l(
            'The average answer to "Did this help you move towards your goal?" given in the months'
            " of the period, with and without names."
        ),
    ),
}
