"""Counting the SQL statements of one request (helpers only, no tests here)."""

from __future__ import annotations

import logging
import threading

# Only the statements of the thread making the request count: a plugin's background thread (the
# pictures plugin's movie workers look for work now and then) may run its own meanwhile.


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0
        self.thread = threading.get_ident()

    def emit(self, record):
        if record.thread == self.thread:
            self.count += 1


def queries(client, path: str) -> int:
    """Statements a GET of ``path`` runs (it must answer 200), with nothing kept from earlier
    requests: the change counters, the caller's identity, then the route's own.
    ``client`` is a Falcon TestClient or a wrapper holding one as ``client``.
    """

    forget_kept(getattr(client, "client", client).app)
    logger, counter = logging.getLogger("peewee"), _Counter()
    level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        answer = client.simulate_get(path)
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    assert answer.status_code == 200, (path, answer.text)
    return counter.count


def forget_kept(app) -> None:
    """Drop every answer and memo the app keeps, so the next request runs all its statements."""

    app.response_cache.items.clear()
    memo_items = getattr(app.memo, "items", None)
    if memo_items is not None:
        memo_items.clear()


class QueryCounter:
    """Counts the statements run inside ``with`` on ``app``'s database, nothing kept beforehand."""

    def __init__(self, app):
        self.app, self.db, self.count = app, app.db, 0
        self.thread = threading.get_ident()

    def __call__(self, event):
        if threading.get_ident() == self.thread:
            self.count += 1

    def __enter__(self):
        forget_kept(self.app)
        self.db.query_hooks.append(self)
        return self

    def __exit__(self, *exc):
        self.db.query_hooks.remove(self)
