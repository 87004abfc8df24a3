"""What a plugin's Python distribution says about it (its core metadata, PEP 566 / 639).

The host records these facts for every entry-point plugin, loaded or not, so
that ``clapboard plugins --json`` shows them and plugins that publish a
registry (the ``data`` plugin's Zou ``/data/plugins``) read them without
touching ``importlib.metadata`` themselves. Only what a plugin author sets in
``pyproject.toml`` is kept; long licence texts are cut to their first line.
"""

from __future__ import annotations

import email.utils
from typing import Any

# Project-URL labels that name a project's home, best first (PEP 753 normalises labels to these).
HOME_LABELS = ("homepage", "home", "documentation", "docs", "source", "repository", "code")


def _addresses(value: str | None) -> list[tuple[str, str]]:
    return [(name.strip(), address.strip()) for name, address in email.utils.getaddresses([value or ""])
            if name or address]


def _person(name: str | None, emails: str | None) -> tuple[str | None, str | None]:
    """One name and one e-mail address from ``Author``/``Author-email`` (or the maintainer's pair).

    ``Author-email`` may carry the name too (``"Ann <ann@example.com>"``, what
    PEP 621 ``authors = [{name, email}]`` writes), and several people.
    """

    found = _addresses(emails)
    address = next((addr for _n, addr in found if "@" in addr), None)
    if not name:
        name = ", ".join(n for n, _a in found if n) or None
    return (name.strip() if name else None), address


def _project_urls(values: list[str]) -> dict[str, str]:
    urls = {}
    for value in values:
        label, _, url = value.partition(",")
        if url.strip():
            urls[label.strip()] = url.strip()
    return urls


def _home(home_page: str | None, urls: dict[str, str]) -> str | None:
    if home_page and home_page.strip().upper() != "UNKNOWN":
        return home_page.strip()
    by_label = {label.lower().replace("-", "").replace("_", "").replace(" ", ""): url for label, url in urls.items()}
    for label in HOME_LABELS:
        if label in by_label:
            return by_label[label]
    return next(iter(urls.values()), None)


def _license(meta) -> str | None:
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    text = (meta.get("License") or "").strip()
    if text and text.upper() != "UNKNOWN":
        return text.splitlines()[0].strip()
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.rsplit("::", 1)[-1].strip()
    return None


def package_facts(dist) -> dict[str, Any] | None:
    """The facts of ``dist`` (an ``importlib.metadata.Distribution``), or ``None`` without one."""

    if dist is None:
        return None
    try:
        meta = dist.metadata
    except Exception:  # noqa: BLE001 - an unreadable dist-info must not stop the start
        return None
    if meta is None:
        return None
    author, author_email = _person(meta.get("Author"), meta.get("Author-email"))
    maintainer, maintainer_email = _person(meta.get("Maintainer"), meta.get("Maintainer-email"))
    urls = _project_urls(meta.get_all("Project-URL") or [])
    return {
        "distribution": meta.get("Name"),
        "version": meta.get("Version"),
        "summary": (meta.get("Summary") or "").strip() or None,
        "author": author,
        "author_email": author_email,
        "maintainer": maintainer,
        "maintainer_email": maintainer_email,
        "home_page": _home(meta.get("Home-page"), urls),
        "project_urls": urls,
        "license": _license(meta),
    }
