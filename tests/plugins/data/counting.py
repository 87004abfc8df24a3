"""Counting the SQL statements of one request (helpers only, no tests here)."""

from __future__ import annotations

import logging


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += 1


def queries(client, path: str) -> int:
    """Statements a GET of ``path`` runs in its route (it must answer 200).

    The caller's identity is looked up first (it is kept per process) and answers
    kept from earlier requests are forgotten, so the count is the route's own.
    ``client`` is a Falcon TestClient or a wrapper holding one as ``client``.
    """

    client.simulate_get("/")
    getattr(client, "client", client).app.response_cache.items.clear()
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
