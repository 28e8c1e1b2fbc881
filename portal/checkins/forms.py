"""The employer's check-in: five quick questions, every one answerable with a thumb."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal.forms import CHOOSE_ONE, NumberField, PortalForm, choices_from, text_area

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


class CheckInForm(PortalForm):
    still_working = RadioField(
        _l("Is the person still working with you?"),
        choices=YES_NO,
        validators=[InputRequired(CHOOSE_ONE)],
    )
    hours = NumberField(
        _l("About how many hours a week in this period? (optional)"),
        minimum=0,
        maximum=168,
        description=_l("For example 15, or 7,5."),
    )
    rating = RadioField(
        _l("How is it going?"), choices=RATINGS, validators=[InputRequired(CHOOSE_ONE)]
    )
    wants_call = RadioField(
        _l("Would you like a call from the employment specialist?"),
        choices=YES_NO,
        validators=[InputRequired(CHOOSE_ONE)],
    )
    comment = text_area(
        _l("Comment (optional)"),
        2000,
        required=False,
        description=_l("Please write about the work only, not about health."),
    )
