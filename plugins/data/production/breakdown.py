"""Production routes: breakdown family (being written)."""


def routes() -> list:
    return []
