"""The report as a CSV file for analysis: no names, e-mails or ids that identify a person.

Specialists appear under keyed pseudonyms (an HMAC of their id with a secret key), stable
from one export to the next so a figure can be followed over time without knowing whose it
is; clients appear only in counts, and a count of 1 to 4 is left empty as suppressed.
"""

import csv
import hashlib
import hmac
import io

from flask import current_app

from portal.reports.services import Report

HEADER = ["period_start", "period_end", "team", "specialist", "measure", "value", "group_size"]
SUPPRESSED = "suppressed"


def _key() -> bytes:
    configured = current_app.config.get("REPORT_PSEUDONYM_KEY")
    if configured:
        return configured.encode()
    # Without a key of its own, one derived from SECRET_KEY (rotating that changes them).
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"report-pseudonyms", hashlib.sha256).digest()


def pseudonym(kind: str, record_id: int) -> str:
    digest = hmac.new(_key(), f"{kind}:{record_id}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0].upper()}-{digest[:12]}"


def _text(value) -> str:
    return "" if value is None else str(value)


def report_csv(report: Report, team_name: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    period = [report.start.isoformat(), report.end.isoformat(), team_name]
    for figure in report.figures.values():
        size = SUPPRESSED if figure.suppressed else figure.n
        writer.writerow([*period, "", figure.key, _text(figure.value), size])
    for reason, cell in report.endings:
        size = SUPPRESSED if cell.suppressed else cell.count
        value = "" if cell.suppressed else cell.count
        writer.writerow([*period, "", f"job_endings_{reason.value}", value, size])
    for row in report.specialists:
        who = pseudonym("specialist", row.specialist.id)
        small = row.caseload_suppressed
        size = SUPPRESSED if small else row.caseload
        writer.writerow([*period, who, "caseload_size", "" if small else row.caseload, size])
        writer.writerow([*period, who, "employer_contacts_per_week", row.contacts_per_week, ""])
        writer.writerow(
            [*period, who, "face_to_face_contacts_per_week", row.in_person_per_week, ""]
        )
    return out.getvalue()
