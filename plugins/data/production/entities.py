"""Production routes: entities family (being written)."""


def routes() -> list:
    return []
