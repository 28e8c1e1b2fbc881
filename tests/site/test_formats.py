"""One way per language to write a date, a date with a time and a number, on real pages:
Danish and Swedish by their own conventions, English the British way (4 December 2026, 14:00),
and every <time datetime> a valid HTML value (no microseconds)."""

import re
from datetime import date, time
from decimal import Decimal
from html import unescape

import pytest
from babel import Locale

from portal.core.dates import local_moment
from portal.core.db import db
from portal.placements.models import Job
from tests.helpers import post_form
from tests.jobs.helpers import job_fields
from tests.meetings.helpers import planned_meeting

LANGUAGES = ("da", "sv", "en")
# The portal's English is British; Babel's month names are the reference, not our code.
MONTHS = {
    language: "|".join(Locale.parse(name).months["format"]["wide"].values())
    for language, name in {"da": "da", "sv": "sv", "en": "en_GB"}.items()
}
DATE = {  # 4. december 2026 · 4 december 2026 · 4 December 2026
    "da": rf"\d{{1,2}}\. (?:{MONTHS['da']}) \d{{4}}",
    "sv": rf"\d{{1,2}} (?:{MONTHS['sv']}) \d{{4}}",
    "en": rf"\d{{1,2}} (?:{MONTHS['en']}) \d{{4}}",
}
CLOCK = {"da": r"\d{2}\.\d{2}", "sv": r"\d{2}:\d{2}", "en": r"\d{2}:\d{2}"}
# What a page must never show: numeric or abbreviated dates, American order, 12-hour clocks,
# seconds (some of these were on the pages before: "04.12.2026 23.16" beside "1. dec. 2026").
MIXED_IN = [
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b",
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]?\.? \d{4}\b",
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{1,2}, \d{4}",
    r"\b\d{1,2}[:.]\d{2}\s?(?:AM|PM|am|pm)\b",
    r"\b\d{2}[:.]\d{2}[:.]\d{2}\b",
]
TIME_ELEMENT = re.compile(r'<time datetime="([^"]*)">(.*?)</time>', re.S)
# HTML's date, month and global date-and-time strings: at most milliseconds.
VALID_DATETIME = re.compile(
    r"\d{4}-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?)?"
)


@pytest.fixture
def dated_things(app, people, anna_things):
    """Anna's things, with a job that began on 4 December 2026 at 142,50 kr. an hour for 7,5
    hours a week, and a meeting on 4 December 2030 at 14:00 (the team's time)."""
    with app.app_context():
        job = db.get(Job, anna_things["job_id"])
        job.start_date, job.hourly_wage, job.hours_per_week = (
            date(2026, 12, 4),
            Decimal("142.50"),
            Decimal("7.5"),
        )
        meeting = planned_meeting(db.merge(people["specialist_a"]), db.merge(people["client_a"]), 1)
        meeting.starts_at = local_moment(date(2030, 12, 4), time(14, 0))
        db.commit()
        return {**anna_things, "planned_meeting_id": meeting.id}


def pages(login_as, people, things, lang: str) -> dict[str, str]:
    """The specialist's and the client's pages that show dates, times and numbers."""
    specialist = login_as("specialist_a", lang)
    client = login_as("client_a", lang)
    urls = {
        specialist: [
            "/",
            "/messages",
            f"/conversations/{things['conversation_id']}",
            f"/goals/{things['goal_id']}",
            f"/jobs/{things['job_id']}",
            f"/meetings/{things['planned_meeting_id']}",
            f"/meetings/{things['meeting_id']}",
        ],
        client: ["/", f"/jobs/{things['job_id']}", f"/meetings/{things['planned_meeting_id']}"],
    }
    shown = {}
    for browser, paths in urls.items():
        for path in paths:
            response = browser.get(path)
            assert response.status_code == 200, path
            shown[f"{'specialist' if browser is specialist else 'client'} {path}"] = (
                response.get_data(as_text=True)
            )
    return shown


def visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_writes_dates_and_times_one_way(login_as, people, dated_things, lang):
    shown = pages(login_as, people, dated_things, lang)
    one_date, one_clock = re.compile(DATE[lang]), CLOCK[lang]
    one_moment = re.compile(rf"({DATE[lang]})(.+?)({one_clock})")
    joins, days, moments = set(), 0, 0
    for url, html in shown.items():
        for value, text in TIME_ELEMENT.findall(html):
            text = visible(text)
            if "T" in value:
                match = one_moment.fullmatch(text)
                assert match, (url, text)
                joins.add(match.group(2))
                moments += 1
            else:
                assert one_date.fullmatch(text), (url, text)
                days += 1
        for pattern in MIXED_IN:
            assert not re.search(pattern, visible(html)), (url, re.search(pattern, visible(html)))
    assert days > 5 and moments > 5
    assert len(joins) == 1, joins  # the date and the time always joined the same way
    if lang == "en":
        assert joins == {", "}


def test_english_is_british_day_month_year_and_the_24_hour_clock(login_as, people, dated_things):
    shown = pages(login_as, people, dated_things, "en")
    job = visible(shown[f"specialist /jobs/{dated_things['job_id']}"])
    meeting = visible(shown[f"client /meetings/{dated_things['planned_meeting_id']}"])
    assert "4 December 2026" in job and "December 4" not in job
    assert "4 December 2030, 14:00" in meeting
    # Not 2:00 for 14:00; a time of this very minute (02:00 on the clock) may well be shown.
    assert not re.search(r"(?<!\d)2:00", meeting) and "PM" not in meeting
    assert "142.50" in job


def test_no_time_element_has_microseconds(login_as, people, dated_things):
    for lang in LANGUAGES:
        for url, html in pages(login_as, people, dated_things, lang).items():
            values = re.findall(r'\bdatetime="([^"]*)"', html)
            assert values, url
            for value in values:
                assert VALID_DATETIME.fullmatch(value), (lang, url, value)


def test_the_hourly_wage_reads_the_same_in_the_form_and_on_the_page(
    app, login_as, people, dated_things
):
    mette = login_as("specialist_a", "da")
    url = f"/jobs/{dated_things['job_id']}"
    html = mette.get(url).get_data(as_text=True)
    assert "142,50 kr." in visible(html)
    assert re.search(r'<input[^>]*name="hourly_wage"[^>]*value="142,50"', html)
    assert re.search(r'<input[^>]*name="hours_per_week"[^>]*value="7,5"', html)
    # As a number of its own: a Danish clock time such as "kl. 17.52" holds "7.5" too.
    assert not re.search(r"(?<![\d.])(142\.50|7\.5)(?![\d])", visible(html))
    # What the form shows, sent back as it is, or written with a point, keeps the wage.
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', html)
    for written in ("142,50", "142.50"):
        fields = job_fields(people, start_date="2026-12-04", hourly_wage=written)
        answer = post_form(mette, url, {**fields, "version": version.group(1) or version.group(2)})
        assert answer.status_code == 303, visible(answer.get_data(as_text=True))[:500]
        with app.app_context():
            assert db.get(Job, dated_things["job_id"]).hourly_wage == Decimal("142.50")
        version = re.search(
            r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"',
            mette.get(url).get_data(as_text=True),
        )
