"""Counting the SQL statements one request runs (no tests here)."""

from __future__ import annotations

import logging


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += 1


def queries(client, path: str) -> int:
    """How many statements a GET of ``path`` runs (it must answer 200)."""

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
