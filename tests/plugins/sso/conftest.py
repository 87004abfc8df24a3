from .browser import browser_page  # noqa: F401 - a fixture
