"""Steps that several account tests take."""

import re

from tests.conftest import post_form
from tests.factories import TEST_PASSWORD


def new_recovery_codes(browser) -> list[str]:
    """Make a signed-in person's recovery codes anew (with their password); return them."""
    page = post_form(
        browser,
        "/account/two-factor/recovery-codes",
        {"renew-password": TEST_PASSWORD},
        page="/account/two-factor",
    )
    return re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", page.get_data(as_text=True))
