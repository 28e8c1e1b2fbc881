"""What the plan tests share."""

import re


def responsible_options(page: str, form_action: str) -> dict[str, str]:
    """{value: label} of the "Who is responsible?" list in the form posting to `form_action`."""
    form = re.search(rf'<form[^>]*action="{re.escape(form_action)}[^"]*".*?</form>', page, re.S)
    assert form, f"no form posting to {form_action}"
    select = re.search(r'<select[^>]*name="responsible".*?</select>', form.group(0), re.S)
    options = re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))
    return {value: label.strip() for value, label in options}
