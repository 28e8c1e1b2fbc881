"""Filling in the team lead's hand-over form, and answering its confirmation page as a
browser would: the hidden fields it carries, and the button pressed."""

import html
import re

from tests.helpers import post_form

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden_fields(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in HIDDEN.findall(page)}


def ask_handover(browser, client_id: int, **fields):
    """Send the form once: a confirmation page (200) or the form with errors (422)."""
    return post_form(browser, f"/clients/{client_id}/handover", fields)


def answer_confirmation(browser, client_id: int, page: str, button: str = "confirmed"):
    """Press `confirmed` ("Yes, hand over") or `change` on the confirmation page."""
    data = hidden_fields(page) | {button: "yes"}
    return browser.post(f"/clients/{client_id}/handover", data=data)


def hand_over(browser, client_id: int, **fields):
    """Fill in the form and confirm; the form's answer when it is not a confirmation."""
    response = ask_handover(browser, client_id, **fields)
    if response.status_code != 200:
        return response
    return answer_confirmation(browser, client_id, response.get_data(as_text=True))
