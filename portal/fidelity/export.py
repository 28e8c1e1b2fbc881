"""A fidelity review as a CSV file, one number a row (the layout is in the README).

It holds the team's name, scores and counts, never a person: an item resting on too few
participants or jobs has its reviewer's score and no counts, as on the page.
"""

import csv
import io

from portal.fidelity.models import FidelityReview
from portal.fidelity.services import ItemResult, review_level, total_of

HEADER = ["period_start", "period_end", "team", "item", "scored_by", "measure", "value"]


def review_csv(review: FidelityReview, results: list[ItemResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    start = [review.period_start.isoformat(), review.period_end.isoformat(), review.team.name]
    for result in results:
        by = "records" if result.from_records else "reviewer"
        row = [*start, result.item.key, by if result.score is not None else ""]
        writer.writerow([*row, "score", "" if result.score is None else result.score])
        if result.too_few:
            writer.writerow([*row, "too_few_to_score", 1])
            continue
        if result.from_records:
            writer.writerow([*row, result.item.measure, result.value])
        # The counts behind a measured score, or what the records showed the reviewer (O7).
        for name, number in (result.numbers or {}).items():
            writer.writerow([*row, name, number])
    total = review.total if review.finished_at else total_of(results)
    level = review_level(review, results)
    writer.writerow([*start, "total", "", "score", "" if total is None else total])
    writer.writerow([*start, "total", "", "level", level[0] if level else ""])
    writer.writerow([*start, "total", "", "finished", "yes" if review.finished_at else "no"])
    return out.getvalue()
