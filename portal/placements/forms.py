"""Placements' forms: jobs and education starts, consent per employer, the employer's
check-in, and employers with their contacts."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from portal.core.forms import (
    CHOOSE_ONE,
    DATE_HINT,
    REQUIRED,
    NumberField,
    OptionalDate,
    PortalForm,
    choices_from,
    email_field,
    language_choices,
    line_field,
    name_field,
    record_id,
    text_area,
    version_field,
)
from portal.core.history import ACTION_LABELS as HISTORY_ACTIONS
from portal.core.history import register_value_labels
from portal.core.submissions import submission_field
from portal.occupations.isco import SUB_MAJOR_GROUPS, occupation_choices
from portal.placements.models import (
    Category,
    Disclosure,
    EndReason,
    Feeling,
    ReviewReason,
    Schedule,
)

# --- jobs ---
MAX_HOURS = 168  # the hours in a week

SCHEDULE_LABELS = {
    Schedule.STANDARD: _l(
        "Standard: every week the first month, every other week until three months, then monthly"
    ),
    Schedule.WEEKLY: _l("Every week"),
    Schedule.FORTNIGHTLY: _l("Every other week"),
    Schedule.MONTHLY: _l("Every month"),
    Schedule.NONE: _l("No check-ins with the employer"),
}
END_REASON_LABELS = {
    EndReason.RESIGNED: _l("The participant resigned"),
    EndReason.DISMISSED: _l("The employer ended the employment"),
    EndReason.CONTRACT_ENDED: _l("Temporary job that ended as planned"),
    EndReason.BETTER_JOB: _l("Moved on to another job"),
    EndReason.EDUCATION: _l("Started an education"),
    EndReason.HEALTH: _l("Health reasons"),
    EndReason.COMPLETED: _l("Education completed"),
    EndReason.OTHER: _l("Other reason"),
}

# The participant's own check-in: the words of the buttons they pressed.
FEELING_LABELS = {
    Feeling.GOOD: _l("Good"),
    Feeling.MIXED: _l("Up and down"),
    Feeling.HARD: _l("Hard right now"),
}

# An education ends in its own ways: resigning, being dismissed or moving on to "another" job
# are words of a job.
EDUCATION_END_REASONS = (EndReason.COMPLETED, EndReason.HEALTH, EndReason.OTHER)

register_value_labels(SCHEDULE_LABELS, "schedule")
register_value_labels(END_REASON_LABELS, "end_reason")


def _hours_field(required: bool):
    return NumberField(
        _l("Hours per week"),
        minimum=0,
        maximum=MAX_HOURS,
        required=required,
        description=_l("For example 15, or 7,5."),
    )


def _required_date(label):
    return OptionalDate(label, validators=[InputRequired(REQUIRED)], description=DATE_HINT)


def _occupation_choices() -> dict:
    """No type yet, then the ISCO-08 groups (in the reader's language, so built per form)."""
    return {"": [SelectChoice("", _("Not chosen"))], **occupation_choices()}


register_value_labels(SUB_MAJOR_GROUPS, "occupation")


class JobForm(PortalForm):
    employer = SelectField(_l("Employer"), choices=[], coerce=record_id, validate_choice=False)
    contact = SelectField(
        _l("Contact person for check-ins"),
        choices=[],
        coerce=record_id,
        validate_choice=False,
        description=_l("Check-ins are only sent when the participant allows you to contact them."),
    )
    title = line_field(_l("Job title"), 200)
    start_date = _required_date(_l("First day at work"))
    hours_per_week = _hours_field(required=True)
    hourly_wage = NumberField(
        _l("Hourly wage in kroner (optional)"), minimum=0, maximum=100000, places=2
    )
    competitive = BooleanField(
        _l("An ordinary job on the open labour market"),
        default=True,
        description=_l(
            "Open to anyone, at ordinary wage, not set aside for people with a disability."
        ),
    )
    occupation = SelectField(
        _l("Type of work (optional)"),
        choices=_occupation_choices,
        default="",
        description=_l(
            "The group of occupations the job belongs to. The team's fidelity review counts "
            "how varied the jobs are."
        ),
    )
    schedule = SelectField(
        _l("How often should the employer be asked how it is going?"),
        choices=choices_from(SCHEDULE_LABELS),
        default=Schedule.STANDARD.value,
    )
    version = version_field()
    submission = submission_field()


class EducationForm(PortalForm):
    school = line_field(_l("School or place of education"), 200)
    title = line_field(_l("Programme or course"), 200)
    start_date = _required_date(_l("Start date"))
    end_date = OptionalDate(_l("Expected end date (optional)"), description=DATE_HINT)
    hours_per_week = _hours_field(required=False)
    submission = submission_field()

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class EndJobForm(PortalForm):
    end_date = _required_date(_l("Last day"))
    end_reason = SelectField(
        _l("Why did it end?"), choices=choices_from(END_REASON_LABELS), validate_choice=True
    )


class StartForm(PortalForm):
    """The participant's start in IPS: the referral date, which the specialist can correct."""

    started_on = _required_date(_l("Start in IPS"))


class StrugglingForm(PortalForm):
    note = text_area(
        _l("Do you want to say more? (optional)"),
        1000,
        required=False,
        description=_l("Your employment specialist reads this. The employer never sees it."),
    )
    submission = submission_field()


# --- benefits planning ---
class BenefitQuestionForm(PortalForm):
    text = line_field(
        _l("Question"),
        300,
        description=_l("In plain words, as the participant would ask it."),
    )


REVIEW_REASON_LABELS = {
    ReviewReason.START: _l("A job start"),
    ReviewReason.HOURS: _l("A change of hours"),
}
# The job's history tells when its benefits questions were opened and gone through.
HISTORY_ACTIONS.update(
    {
        "benefits_opened": _l("Benefits questions opened"),
        "benefits_gone_through": _l("Benefits questions gone through"),
    }
)


# --- consent ---
DISCLOSURE_LABELS = {
    Disclosure.NO: _l("No, do not mention that I get support"),
    Disclosure.YES: _l("Yes, you may say that I get support from the IPS team"),
    Disclosure.AGREED: _l("Only what we have agreed (write it below)"),
}

CATEGORY_LABELS = {
    Category.CONTACT: _l("Contact with the employer"),
    Category.NAME: _l("First name and job title in check-ins"),
    Category.DISCLOSURE: _l("Telling about the support"),
}
EVENT_LABELS = {
    "given": _l("Consent given"),
    "withdrawn": _l("Consent withdrawn"),
    **{choice.value: label for choice, label in DISCLOSURE_LABELS.items()},
}


class PermissionForm(PortalForm):
    """One press gives or withdraws one permission: giving and withdrawing are equally easy."""

    category = SelectField(choices=choices_from({"contact": "contact", "name": "name"}))
    given = SelectField(choices=choices_from({"yes": "yes", "no": "no"}))


class DisclosureForm(PortalForm):
    disclosure = RadioField(
        _l("May your employment specialist tell the employer that you get support?"),
        choices=choices_from(DISCLOSURE_LABELS),
        validators=[InputRequired(CHOOSE_ONE)],
    )
    note = text_area(
        _l("What we agreed may be said (optional)"),
        1000,
        required=False,
        description=_l("In your own words. Only you and your employment specialist see this."),
    )


class RequestConsentForm(PortalForm):
    employer = SelectField(_l("Employer"), choices=[], coerce=record_id, validate_choice=False)


# --- checkins ---
YES_NO = choices_from({"yes": _l("Yes"), "no": _l("No")})
RATINGS = choices_from(
    dict(
        [
            ("1", _l("1: not well")),
            ("2", _l("2")),
            ("3", _l("3: all right")),
            ("4", _l("4")),
            ("5", _l("5: very well")),
        ]
    )
)


def _required_choice(label, choices):
    return RadioField(label, choices=choices, validators=[InputRequired(CHOOSE_ONE)])


def _hours_field():
    return NumberField(
        _l("About how many hours a week in this period? (optional)"),
        minimum=0,
        maximum=168,
        description=_l("For example 15, or 7,5."),
    )


def _comment_field():
    return text_area(
        _l("Comment (optional)"),
        2000,
        required=False,
        description=_l("Please write about the work only, not about health."),
    )


class CheckInForm(PortalForm):
    still_working = _required_choice(_l("Is the person still working with you?"), YES_NO)
    hours = _hours_field()
    rating = _required_choice(_l("How is it going?"), RATINGS)
    wants_call = _required_choice(
        _l("Would you like a call from the employment specialist?"), YES_NO
    )
    comment = _comment_field()


class PhoneAnswerForm(PortalForm):
    """The check-in's questions, for the specialist writing down what the employer said on
    the phone: a call is what is happening, so none is asked for."""

    still_working = _required_choice(
        _l("Does the employer say the person is still working there?"), YES_NO
    )
    hours = _hours_field()
    rating = _required_choice(_l("How is it going, as the employer sees it?"), RATINGS)
    comment = _comment_field()


# --- employers ---
class EmployerForm(PortalForm):
    name = line_field(_l("Name of the workplace"), 200)


class ContactForm(PortalForm):
    name = name_field()
    email = email_field()
    phone = line_field(_l("Phone (optional)"), 40, required=False, render_kw={"type": "tel"})
    language = SelectField(_l("Language"), choices=language_choices())
    invite = BooleanField(
        _l("Invite them to an account"),
        description=_l(
            "Only if they want one: with an account they see their check-ins in one place. "
            "Check-ins work without an account."
        ),
    )


class EmployerContactForm(PortalForm):
    """One line in the job development log."""

    contact_on = OptionalDate(
        _l("Date of the contact"), validators=[InputRequired(REQUIRED)], description=DATE_HINT
    )
    employer = SelectField(_l("Employer"), choices=[], coerce=record_id, validate_choice=False)
    new_employer = line_field(
        _l("Or a new employer (name)"),
        200,
        required=False,
        description=_l("Write the name if the employer is not in the list yet."),
    )
    in_person = RadioField(
        _l("How did you meet?"),
        choices=choices_from({"yes": _l("Face to face"), "no": _l("By phone, e-mail or video")}),
        default="yes",
        validators=[InputRequired(CHOOSE_ONE)],
    )
    client = SelectField(
        _l("For a participant (optional)"),
        choices=[],
        coerce=record_id,
        validate_choice=False,
        description=_l("Only with the participant's consent to contact this employer."),
    )
    goal = SelectField(
        _l("Which of their wishes it follows (optional)"),
        choices=[],
        coerce=record_id,
        validate_choice=False,
        description=_l(
            "A contact chosen from what the participant wants counts in the fidelity review; "
            "one for an opening that happened to come up does not."
        ),
    )
    note = line_field(_l("Note (optional)"), 500, required=False)
    submission = submission_field()


class SupportPlanForm(PortalForm):
    plan = text_area(
        _l("Support in the job"),
        4000,
        description=_l(
            "What helps in this job, and from whom: you, the treatment team, family, colleagues, "
            "the employer (only if the participant wants it). Write it with the participant, "
            "who reads it here."
        ),
    )
