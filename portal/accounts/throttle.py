"""The sign-in throttle, shared by every form that checks a password.

A wrong password counts the same wherever it is typed (the sign-in form, or a signed-in page
that asks for it again before something sensitive), so a stolen session cannot be used to
guess the password faster than the sign-in form allows. The counters are shared limits: the
same scope and key on each route add up to one count (in Redis in production)."""

from collections.abc import Callable

from flask import g, request
from flask_login import current_user

from portal.core.extensions import limiter

ADDRESS_LIMIT = "10 per minute; 50 per hour"
# Per account, from any number of addresses: slows down guessing one person's password.
ACCOUNT_LIMIT = "5 per minute; 20 per hour"


def _account(email) -> str:
    return "account:" + (email.strip().lower()[:254] if isinstance(email, str) else "")


def account_in_form() -> str:
    """The account being signed in to, by the e-mail address in the form."""
    return _account(request.form.get("email", ""))


def signed_in_account() -> str:
    """The signed-in account (the same key as its sign-in form uses)."""
    return _account(current_user.sign_in_name if current_user.is_authenticated else "")


def note_wrong_password() -> None:
    """Tell the throttle that this request gave a wrong password (see wrong_password_given)."""
    g.wrong_password = True


def wrong_password_given(_response) -> bool:
    """For a signed-in page that asks for the password again: only a wrong one counts."""
    return bool(g.get("wrong_password"))


def password_throttle(account_key: Callable[[], str], failed: Callable) -> Callable:
    """Count each answer that `failed` (a wrong password) per address and per account."""
    by_address = limiter.shared_limit(
        ADDRESS_LIMIT, scope="password-address", methods=["POST"], deduct_when=failed
    )
    by_account = limiter.shared_limit(
        ACCOUNT_LIMIT,
        scope="password-account",
        key_func=account_key,
        methods=["POST"],
        deduct_when=failed,
    )
    return lambda view: by_address(by_account(view))


def refusal_throttle(flag: str, methods: tuple[str, ...] = ("POST",)) -> Callable:
    """Count a refused proof of another kind (a passkey, an eID answer) with the wrong passwords
    from the same address: the view sets `g.<flag>` when it refuses."""
    return limiter.shared_limit(
        ADDRESS_LIMIT,
        scope="password-address",
        methods=list(methods),
        deduct_when=lambda _response: bool(g.get(flag)),
    )
