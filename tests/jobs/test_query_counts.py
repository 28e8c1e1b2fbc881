"""The work pages take the same number of queries however many jobs, check-ins, signals and
consent changes there are (no N+1)."""

from datetime import timedelta

from portal.core.db import db, utcnow
from portal.placements.models import Category, CheckIn
from portal.placements.services.consent import set_permission
from portal.placements.services.jobs import report_struggling
from tests.helpers import sign_in
from tests.jobs.helpers import checkin_id_of, placement
from tests.queries import page_queries


def add_placements(app, people, n: int) -> int:
    """Give client A n more jobs, each with a check-in (missed) and a struggling signal."""
    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        boss = db.merge(people["employer"])
        for _ in range(n):
            job, consent, link = placement(anna, mette, boss)
            db.get(CheckIn, checkin_id_of(link)).expires_at = utcnow() - timedelta(days=1)
            report_struggling(anna, job, "Hard week")
            set_permission(anna, consent, Category.NAME, False)
            set_permission(anna, consent, Category.NAME, True)
        db.commit()
        return job.id


def test_work_pages_take_constant_queries(app, make_client, people):
    anna = people["client_a"]
    job_id = add_placements(app, people, 2)
    urls = {
        "client_a": [
            "/",
            f"/clients/{anna.id}/jobs",
            f"/jobs/{job_id}",
            f"/clients/{anna.id}/consent",
        ],
        "specialist_a": [
            "/",
            f"/clients/{anna.id}/jobs",
            f"/jobs/{job_id}",
            f"/clients/{anna.id}/consent",
            "/employers",
        ],
        "employer": ["/"],
    }
    browsers = {}
    for who in urls:
        browsers[who] = make_client()
        sign_in(browsers[who], people[who].email)
    small = {who: page_queries(app, browsers[who], urls[who]) for who in urls}
    add_placements(app, people, 15)
    large = {who: page_queries(app, browsers[who], urls[who]) for who in urls}
    assert large == small
