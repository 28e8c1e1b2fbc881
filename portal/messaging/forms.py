"""Forms for messages and for a specialist's reply time and time away."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import (
    DATE_HINT,
    REQUIRED,
    TOO_LONG,
    OptionalDate,
    PortalForm,
    SingleLine,
    strip_text,
    text_area,
)
from portal.core.submissions import submission_field

MESSAGE_MAX_LENGTH = 4000


class MessageForm(PortalForm):
    body = text_area(_l("Your message"), MESSAGE_MAX_LENGTH)
    submission = submission_field()


class NewConversationForm(MessageForm):
    client = SelectField(_l("To"), choices=[], coerce=int, validate_choice=True)
    # Optional: a tired person should not be stopped by a box they did not think of. Without
    # one, the conversation is titled by its first words (inbox.conversation_title).
    subject = StringField(
        _l("Subject (optional)"),
        validators=[Optional(), Length(max=120, message=TOO_LONG), SingleLine()],
        filters=[strip_text],
        description=_l("A few words, for example: question about Tuesday's meeting."),
    )


class AvailabilityForm(PortalForm):
    reply_days = IntegerField(
        _l("I usually answer within this many working days"),
        validators=[
            DataRequired(REQUIRED),
            NumberRange(min=1, max=10, message=_l("Write a number of working days from 1 to 10.")),
        ],
    )
    away_from = OptionalDate(_l("Away from and including (optional)"), description=DATE_HINT)
    away_until = OptionalDate(_l("Away until and including (optional)"), description=DATE_HINT)
    substitute = SelectField(
        _l("Who answers while I am away?"), choices=[], coerce=int, validators=[Optional()]
    )

    def validate_away_until(self, field):
        if bool(self.away_from.data) != bool(field.data):
            raise ValidationError(_l("Fill in both dates, or neither."))
        if field.data and self.away_from.data and field.data < self.away_from.data:
            raise ValidationError(_l("The last day away cannot be before the first."))

    def validate_substitute(self, field):
        if self.away_from.data and not field.data:
            raise ValidationError(_l("Choose a colleague who answers while you are away."))
