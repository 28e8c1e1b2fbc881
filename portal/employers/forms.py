"""Forms for employer organisations, their contact persons and the job development log."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import InputRequired

from portal.accounts.forms import email_field, language_choices, name_field
from portal.forms import (
    CHOOSE_ONE,
    DATE_HINT,
    REQUIRED,
    OptionalDate,
    PortalForm,
    choices_from,
    line_field,
    record_id,
)
from portal.submissions import submission_field


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
    note = line_field(_l("Note (optional)"), 500, required=False)
    submission = submission_field()
