"""Forms for employer organisations and their contact persons."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField

from portal.accounts.forms import email_field, language_choices, name_field
from portal.forms import PortalForm, line_field


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
