"""A serving process with more than 1024 open descriptors keeps serving (poll, not select)."""

from __future__ import annotations

import os
import resource
import urllib.request

import pytest

from clapboard.testing import LiveServer


def test_a_server_holding_descriptors_above_select_s_limit_answers(app):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1300:
        pytest.skip(f"this machine allows only {hard} open files per process")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1300) if hard == resource.RLIM_INFINITY
                                                 else min(max(soft, 1300), hard), hard))
    held = []
    try:
        while len(os.listdir("/proc/self/fd")) < 1100:  # the next sockets get numbers above 1024
            held.append(os.open(os.devnull, os.O_RDONLY))
        server = LiveServer(app).start()
        try:
            with urllib.request.urlopen(server.url + "/status", timeout=10) as answer:
                assert answer.status == 200
        finally:
            server.stop()
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_closing_an_app_closes_its_write_lock_file(make_app):
    def lock_descriptors() -> int:
        found = 0
        for fd in os.listdir("/proc/self/fd"):
            try:
                found += os.readlink(f"/proc/self/fd/{fd}").endswith(".write-lock")
            except OSError:
                pass
        return found

    before = lock_descriptors()
    app = make_app()
    if not app.config["database_url"].startswith("sqlite"):
        pytest.skip("the cross-process write lock is SQLite's")
    with app.db.connection_context(), app.transaction():
        pass
    assert lock_descriptors() == before + 1
    app.close()
    assert lock_descriptors() == before  # thousands of apps in one test run used to exhaust select()'s 1024
