"""Counting the SQL statements a page or a block of code sends."""

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counting_queries(app):
    counter = {"queries": 0}

    def count(*_args):
        counter["queries"] += 1

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", count)


def page_queries(app, browser, urls) -> dict:
    counts = {}
    for url in urls:
        with counting_queries(app) as counter:
            assert browser.get(url).status_code == 200, url
        counts[url] = counter["queries"]
    return counts
