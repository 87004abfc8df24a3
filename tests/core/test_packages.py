"""A distribution's core metadata read into the facts a plugin registry shows."""

from __future__ import annotations

import importlib.metadata

import pytest

from clapboard.packages import package_facts


def _dist(tmp_path, lines: str):
    info = tmp_path / "thing-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.4\nName: thing\nVersion: 1.0\n" + lines)
    return importlib.metadata.PathDistribution(info)


@pytest.mark.parametrize("lines, expected", [
    ("Author: Ann\nAuthor-email: ann@example.com\nMaintainer-email: Bo Li <bo@example.com>\n",
     {"author": "Ann", "author_email": "ann@example.com", "maintainer": "Bo Li", "maintainer_email": "bo@example.com"}),
    ("Author-email: \"Doe, Jo\" <jo@example.com>\n",
     {"author": "Doe, Jo", "author_email": "jo@example.com", "maintainer": None, "maintainer_email": None}),
])
def test_people_come_from_the_name_and_email_fields(tmp_path, lines, expected):
    facts = package_facts(_dist(tmp_path, lines))
    assert {key: facts[key] for key in expected} == expected


@pytest.mark.parametrize("lines, license", [
    ("License-Expression: MIT OR Apache-2.0\nLicense: ignored\n", "MIT OR Apache-2.0"),
    ("License: BSD 3-Clause\n        Copyright (c) everyone\n", "BSD 3-Clause"),
    ("License: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n", "MIT License"),
    ("", None),
])
def test_the_licence_is_short(tmp_path, lines, license):
    assert package_facts(_dist(tmp_path, lines))["license"] == license


def test_the_home_page_then_the_best_labelled_url(tmp_path):
    urls = "Project-URL: Source, https://git.example/thing\nProject-URL: Home-Page, https://thing.example\n"
    facts = package_facts(_dist(tmp_path, urls))
    assert facts["home_page"] == "https://thing.example"
    assert facts["project_urls"] == {"Source": "https://git.example/thing", "Home-Page": "https://thing.example"}
    assert package_facts(_dist(tmp_path / "x", "Home-page: https://a.example\n" + urls))["home_page"] == \
        "https://a.example"


def test_no_distribution_no_facts():
    assert package_facts(None) is None
