"""Forms for recording, changing and ending jobs and education starts."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import InputRequired, ValidationError

from portal.forms import (
    DATE_HINT,
    REQUIRED,
    NumberField,
    OptionalDate,
    PortalForm,
    choices_from,
    line_field,
    record_id,
    text_area,
    version_field,
)
from portal.history import register_value_labels
from portal.jobs.models import EndReason, Schedule
from portal.submissions import submission_field

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


class StrugglingForm(PortalForm):
    note = text_area(
        _l("Do you want to say more? (optional)"),
        1000,
        required=False,
        description=_l("Your employment specialist reads this. The employer never sees it."),
    )
    submission = submission_field()
