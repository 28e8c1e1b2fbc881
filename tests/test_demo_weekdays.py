"""Demo meetings fall on weekdays, whatever day `make run` loads the demo data.

Past meetings stay past (their summaries are there to confirm or correct) and coming ones stay
coming, so moving a meeting off a weekend never changes what the demo shows.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from portal.demo import meetings as demo_meetings
from portal.demo.meetings import on_a_weekday

A_MONDAY = date(2026, 11, 30)
WEEK = [A_MONDAY + timedelta(days=n) for n in range(7)]


@pytest.mark.parametrize("today", WEEK, ids=lambda day: day.strftime("%A"))
@pytest.mark.parametrize("offset", [n for n in range(-30, 31) if n])
def test_a_day_moved_off_the_weekend_stays_on_its_side_of_today(today, offset):
    day = on_a_weekday(offset, today)
    assert day.weekday() < 5, f"{day:%A}"
    assert (day < today) == (offset < 0)
    assert abs((day - today).days - offset) <= 2


@pytest.mark.parametrize("today", WEEK, ids=lambda day: day.strftime("%A"))
def test_every_demo_meeting_is_on_a_weekday(monkeypatch, today):
    planned = []

    def plan(_specialist, _client, data):
        planned.append(data.on)
        return SimpleNamespace(version=1)

    monkeypatch.setattr(demo_meetings, "local_today", lambda: today)
    monkeypatch.setattr(demo_meetings, "plan_meeting", plan)
    for name in ("confirm_summary", "dispute_summary", "give_feedback"):
        monkeypatch.setattr(demo_meetings, name, lambda *args, **kwargs: None)
    monkeypatch.setattr(demo_meetings, "_earlier_anonymous_feedback", lambda users: None)
    users = {
        f"{name}@demo.ips-portal.{land}": SimpleNamespace(name=name)
        for name, land in (
            ("mette", "dk"),
            ("jonas", "dk"),
            ("anna", "dk"),
            ("peter", "dk"),
            ("yusuf", "dk"),
            ("sara", "se"),
            ("elin", "se"),
        )
    }
    demo_meetings.load_demo_meetings(users)
    assert len(planned) >= 5
    assert [day for day in planned if day.weekday() >= 5] == []
    assert any(day < today for day in planned) and any(day > today for day in planned)
