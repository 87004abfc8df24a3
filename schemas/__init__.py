"""JSON Schema 2020-12 documents shipped with Clapboard, one directory per plugin."""

from importlib.resources import files


def root():
    """The directory holding the schema files (an importlib ``Traversable``)."""

    return files(__name__)
