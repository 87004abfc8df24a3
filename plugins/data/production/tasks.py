"""Production routes: tasks family (being written)."""


def routes() -> list:
    return []
