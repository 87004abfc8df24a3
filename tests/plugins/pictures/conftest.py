"""Fixtures of the pictures tests: the S3-compatible server and the storage backends to run on."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def s3_server():
    """moto's standalone S3 server on loopback, one per test session (each user takes its own buckets)."""

    from .s3server import start

    server = start()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["local", "s3"])
def storage_config(request) -> dict:
    """App settings for each storage backend: ``build_world(..., config=storage_config)`` runs a module on both."""

    if request.param == "local":
        return {}
    from .s3server import s3_config

    return {"plugins": {"pictures": s3_config(request.getfixturevalue("s3_server"))}}
