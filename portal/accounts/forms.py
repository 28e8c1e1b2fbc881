"""Forms for signing in, passwords, invitations and account settings."""

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from portal.accounts.passwords import MAX_LENGTH, password_problem
from portal.core.forms import (
    REQUIRED,
    TOO_LONG,
    NumberField,
    PortalForm,
    SingleLine,
    email_field,
    language_choices,
    name_field,
    record_id,
)
from portal.core.submissions import submission_field


class StrongPassword:
    """Refuse passwords that are short or easy to guess, mentioning the account's own details."""

    def __init__(self, *input_fields: str):
        self.input_fields = input_fields

    def __call__(self, form, field):
        inputs = tuple(str(getattr(form, name).data or "") for name in self.input_fields)
        extra = getattr(form, "known_user_inputs", ())
        problem = password_problem(field.data or "", inputs + tuple(extra))
        if problem:
            raise ValidationError(str(problem))


def _new_password_fields():
    new = PasswordField(
        _l("New password"),
        validators=[InputRequired(REQUIRED), StrongPassword()],
        description=_l("At least 12 characters. A few unrelated words work well."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            InputRequired(REQUIRED),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    return new, confirm


class LoginForm(PortalForm):
    # Named "email" for the sign-in throttle's key (portal.accounts.throttle); a participant
    # without e-mail types their user name here (portal.accounts.paper).
    email = StringField(
        _l("E-mail address or user name"),
        validators=[InputRequired(REQUIRED), Length(max=254, message=TOO_LONG), SingleLine()],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )
    next = HiddenField()


class PaperCodeForm(PortalForm):
    """The user name and the code handed over on paper (to link an eID with)."""

    # Named "email" like the sign-in form's: the throttle counts per account either way.
    email = StringField(
        _l("User name"),
        description=_l("As it stands on the paper (or your e-mail address, if it stands there)."),
        validators=[InputRequired(REQUIRED), Length(max=254, message=TOO_LONG), SingleLine()],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    code = StringField(
        _l("Sign-in code"),
        validators=[InputRequired(REQUIRED), Length(max=40, message=TOO_LONG), SingleLine()],
        description=_l("As it stands on the paper, for example ABCD-EFGH-JKMN."),
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "characters",
            "spellcheck": "false",
        },
    )


class CodeSignInForm(PaperCodeForm):
    """The first sign-in, or one after a lost password, with the code handed over on paper."""

    password, confirm = _new_password_fields()


class EidSignInForm(PortalForm):
    next = HiddenField()


class PasskeyForm(PortalForm):
    """A new passkey: its name, and the browser's answer that portal.js puts in `credential`."""

    name = StringField(
        _l("A name for this passkey"),
        description=_l("For example the phone or computer it is on."),
        validators=[InputRequired(REQUIRED), Length(max=60, message=TOO_LONG), SingleLine()],
        filters=[lambda value: " ".join(value.split()) if isinstance(value, str) else value],
    )
    credential = HiddenField(validators=[Length(max=20000, message=TOO_LONG)])


class PasskeySignInForm(PortalForm):
    credential = HiddenField(validators=[Length(max=20000, message=TOO_LONG)])
    next = HiddenField()


class PaperAccountForm(PortalForm):
    """A participant without e-mail: the name, and the language of the paper and the portal."""

    name = name_field()
    language = SelectField(_l("Language"), choices=language_choices())
    submission = submission_field()  # a double tap makes one account


class ForgotPasswordForm(PortalForm):
    email = email_field()


class SetPasswordForm(PortalForm):
    password, confirm = _new_password_fields()


class ChangePasswordForm(PortalForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )
    password, confirm = _new_password_fields()


class ProfileForm(PortalForm):
    name = name_field()
    language = SelectField(_l("Language"), choices=language_choices())
    submission = submission_field()  # a double tap makes one account
    # Shown to clients only: other roles have nothing the digest counts.
    digest = BooleanField(
        _l("E-mail me when there is news for me in the portal"),
        description=_l(
            "At most once a day, for example when a meeting is planned or a summary waits "
            "for you. The e-mail only says that there is news, never what it is about."
        ),
    )


class InvitationForm(PortalForm):
    role = SelectField(_l("Who are you inviting?"), choices=[])
    name = name_field()
    email = email_field()
    team = SelectField(_l("Team"), choices=[], coerce=record_id, validate_choice=False)
    workplace = StringField(
        _l("Workplace"),
        validators=[
            Length(max=200, message=_l("A workplace name can have at most 200 characters.")),
            SingleLine(),
        ],
        description=_l("Only for an employer contact: the name of the company or organisation."),
        filters=[lambda value: " ".join(value.split()) if isinstance(value, str) else value],
    )
    language = SelectField(
        _l("Language of the invitation"),
        choices=language_choices(),
        description=_l("The e-mail and the new account will use this language."),
    )


# The authenticator's 6 digits: a phone's number pad, and the code the phone may offer.
APP_CODE_INPUT = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "pattern": "[0-9]*",
    "spellcheck": "false",
}
# A recovery code has letters too (1a2b3c4d-5e6f7a8b): the full keyboard, nothing capitalised.
RECOVERY_CODE_INPUT = {
    "autocomplete": "one-time-code",
    "inputmode": "text",
    "autocapitalize": "none",
    "spellcheck": "false",
}
# The sign-in page's address asks for the recovery code's keyboard: `?use=recovery`.
USE_RECOVERY = "recovery"


class CodeForm(PortalForm):
    """The second step of signing in, or switching two-factor sign-in on.

    Either kind of code is accepted whichever keyboard was offered (portal.accounts.mfa)."""

    code = StringField(
        _l("Code"),
        validators=[InputRequired(REQUIRED), Length(max=40, message=TOO_LONG)],
        description=_l("The 6 digits your authenticator app shows now."),
        render_kw=APP_CODE_INPUT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read here, not in each view: the same form serves sign-in and both enrolment pages,
        # and only the sign-in page links to the recovery code's variant.
        self.recovery = has_request_context() and request.args.get("use") == USE_RECOVERY
        if self.recovery:
            self.code.render_kw = RECOVERY_CODE_INPUT
            self.code.description = _l(
                "One of the recovery codes you saved when you switched two-factor sign-in on."
            )


class DisableMfaForm(PortalForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )


class RenewCodesForm(PortalForm):
    """New recovery codes only for someone who knows the password, not just the session."""

    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )


class ConfirmForm(PortalForm):
    """A confirmation page's button: only the CSRF token, which every POST needs anyway."""


class WorkingHoursForm(PortalForm):
    """A specialist's contracted hours a week, for the fidelity review's caseload per post."""

    hours = NumberField(
        _l("Working hours a week"),
        minimum=1,
        maximum=60,
        description=_l("Leave it empty for a full-time post."),
    )
