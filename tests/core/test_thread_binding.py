"""The models' database is kept per thread: a background thread of one app (a sender, a tailer) that
binds or opens a transaction never turns another thread's models to its database — with one shared
pointer, a test's migrations were written into another test's database by a lingering thread."""

import threading

from clapboard.db import database


def test_a_thread_binding_its_app_leaves_other_threads_alone(make_app):
    first = make_app(plugins=[])
    second = make_app(plugins=[], config={"database_url": "sqlite:///" + str(first.config["data_dir"]) + "/b.db"})
    second.bind_thread()
    assert database.obj is second.db
    seen = {}

    def background():
        first.bind_thread()
        with first.transaction():
            seen["inside"] = database.obj
        seen["after"] = database.obj

    thread = threading.Thread(target=background)
    thread.start()
    thread.join()
    assert seen == {"inside": first.db, "after": first.db}
    assert database.obj is second.db  # this thread still sees its own app


def test_a_thread_that_never_bound_sees_the_last_bound_database(make_app):
    app = make_app(plugins=[])
    app.bind_thread()
    seen = []
    thread = threading.Thread(target=lambda: seen.append(database.obj))
    thread.start()
    thread.join()
    assert seen == [app.db]
