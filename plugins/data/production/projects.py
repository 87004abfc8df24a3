"""Production routes: projects family (being written)."""


def routes() -> list:
    return []
