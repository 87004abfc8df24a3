"""GET answers kept per process, revalidated against the change counters of the tables they read."""

from __future__ import annotations

import peewee
import pytest

import clapboard
from clapboard import Migration, Operation, Route, create_models, hookimpl
from clapboard.testing import make_client


class Shelf(clapboard.Model):
    name = peewee.CharField(max_length=40)

    class Meta:
        table_name = "plugin_cachetest_shelf"


class Book(clapboard.Model):
    title = peewee.CharField(max_length=40)
    shelf = peewee.ForeignKeyField(Shelf, on_delete="CASCADE", backref="+")

    class Meta:
        table_name = "plugin_cachetest_book"


class Calls:
    count = 0


class Books:
    def on_get(self, req, resp):
        Calls.count += 1
        actor = req.context.get("actor")
        resp.media = {"who": actor.id if actor else None,
                      "books": [b.title for b in Book.select().order_by(Book.id)]}


class Uncached:
    def on_get(self, req, resp):
        Calls.count += 1
        resp.media = {"books": Book.select().count()}


class ShelfNames:
    """An answer built partly from a kept value (``caching.memo``): the value's tables count too."""

    def on_get(self, req, resp):
        from clapboard import caching

        Calls.count += 1
        names = caching.memo("cachetest.shelves", None, lambda: tuple(s.name for s in Shelf.select()))
        resp.media = {"shelves": list(names), "books": Book.select().count()}


class Download:
    """A CSV download: its own headers come back on a kept answer too."""

    def on_get(self, req, resp):
        Calls.count += 1
        resp.content_type = "text/csv"
        resp.set_header("Content-Disposition", "attachment; filename=books.csv")
        resp.text = "title\n" + "\n".join(b.title for b in Book.select().order_by(Book.id)) + "\n"


class Cookie:
    """A GET that sets a cookie answers each caller afresh."""

    def on_get(self, req, resp):
        Calls.count += 1
        resp.set_cookie("seen", "yes", secure=False)
        resp.media = {"books": Book.select().count()}


class Stamping:
    """A GET that writes (as Zou's ``/status/test-event`` does): never kept."""

    def on_get(self, req, resp):
        Calls.count += 1
        with req.context.app.transaction():
            Shelf.create(name="stamped")
        resp.media = {"shelves": Shelf.select().count()}


class CacheTestPlugin:
    __clapboard_name__ = "cachetest"

    @hookimpl
    def register_models(self):
        return [Shelf, Book]

    @hookimpl
    def register_migrations(self):
        return [Migration(1, "shelves and books", create_models(Shelf, Book))]

    @hookimpl
    def register_routes(self):
        return [
            Route("/plugins/cachetest/books", Books(), public=True),
            Route("/plugins/cachetest/uncached", Uncached(), public=True,
                  operations={"GET": Operation(summary="count", cache=False)}),
            Route("/plugins/cachetest/stamp", Stamping(), public=True),
            Route("/plugins/cachetest/books.csv", Download(), public=True),
            Route("/plugins/cachetest/shelves", ShelfNames(), public=True),
            Route("/plugins/cachetest/cookie", Cookie(), public=True),
        ]


@pytest.fixture
def cache_app(make_app):
    app = make_app(plugins=[], extra=[CacheTestPlugin()])
    with app.db.connection_context():
        shelf = Shelf.create(name="A")
        Book.create(title="one", shelf=shelf)
    return app


class Statements:
    def __init__(self, db):
        self.db, self.count = db, 0

    def __call__(self, event):
        self.count += 1

    def __enter__(self):
        self.db.query_hooks.append(self)
        return self

    def __exit__(self, *exc):
        self.db.query_hooks.remove(self)


def test_a_repeated_get_costs_one_statement_and_runs_no_route_code(cache_app):
    client = make_client(cache_app, role=None)
    first = client.simulate_get("/plugins/cachetest/books")
    calls = Calls.count
    with Statements(cache_app.db) as counted:
        again = client.simulate_get("/plugins/cachetest/books")
    assert again.json == first.json == {"who": None, "books": ["one"]}
    assert Calls.count == calls and counted.count == 1  # the change counters only
    assert again.headers["etag"] == first.headers["etag"] and first.headers["etag"].startswith('"')
    assert again.headers["cache-control"] == "private, no-cache"


def test_if_none_match_gets_304_without_body_and_a_change_gets_200(cache_app):
    client = make_client(cache_app, role=None)
    etag = client.simulate_get("/plugins/cachetest/books").headers["etag"]
    same = client.simulate_get("/plugins/cachetest/books", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    assert client.simulate_get("/plugins/cachetest/books", headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304
    with cache_app.db.connection_context():
        Book.create(title="two", shelf=Shelf.get())
    changed = client.simulate_get("/plugins/cachetest/books", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json["books"] == ["one", "two"]
    assert changed.headers["etag"] != etag


def test_writes_in_a_transaction_invalidate_and_rolled_back_ones_change_nothing(cache_app):
    client = make_client(cache_app, role=None)
    client.simulate_get("/plugins/cachetest/books")
    with pytest.raises(RuntimeError), cache_app.transaction():
        Book.create(title="ghost", shelf=Shelf.get())
        raise RuntimeError("roll back")
    calls = Calls.count
    assert client.simulate_get("/plugins/cachetest/books").json["books"] == ["one"]
    assert Calls.count == calls  # nothing committed: still valid
    with cache_app.transaction():
        Book.update(title="uno").execute()
    assert client.simulate_get("/plugins/cachetest/books").json["books"] == ["uno"]


def test_cascading_deletes_invalidate_the_child_tables(cache_app):
    client = make_client(cache_app, role=None)
    assert client.simulate_get("/plugins/cachetest/books").json["books"] == ["one"]
    with cache_app.transaction():
        Shelf.delete().execute()  # the books go with their shelf (ON DELETE CASCADE)
    assert client.simulate_get("/plugins/cachetest/books").json["books"] == []


def test_another_process_writing_invalidates_this_one(cache_app, make_app):
    reader = make_client(cache_app, role=None)
    assert reader.simulate_get("/plugins/cachetest/books").json["books"] == ["one"]
    other = make_app(plugins=[], extra=[CacheTestPlugin()], init=False)  # same database, own caches
    assert other.db is not cache_app.db
    with other.db.connection_context():
        other.db.execute_sql('INSERT INTO "plugin_cachetest_book" ("title", "shelf_id") VALUES (?, ?)'
                             if "Sqlite" in type(other.db).__name__ else
                             'INSERT INTO "plugin_cachetest_book" ("title", "shelf_id") VALUES (%s, %s)',
                             ("from elsewhere", 1))
    assert reader.simulate_get("/plugins/cachetest/books").json["books"] == ["one", "from elsewhere"]


def test_each_caller_has_their_own_answers(cache_app):
    first = make_client(cache_app, role="admin", actor_id="alice").simulate_get("/plugins/cachetest/books")
    second = make_client(cache_app, role="admin", actor_id="bob").simulate_get("/plugins/cachetest/books")
    assert (first.json["who"], second.json["who"]) == ("alice", "bob")


def test_opted_out_routes_and_gets_that_write_always_run(cache_app):
    client = make_client(cache_app, role=None)
    for path in ("/plugins/cachetest/uncached", "/plugins/cachetest/stamp"):
        client.simulate_get(path)
        calls = Calls.count
        answer = client.simulate_get(path)
        assert Calls.count == calls + 1 and "etag" not in answer.headers, path
    assert client.simulate_get("/plugins/cachetest/stamp").json["shelves"] == 4  # A + three stamps


def test_an_answer_built_from_a_kept_value_depends_on_that_value_s_tables(cache_app):
    client = make_client(cache_app, role=None)
    client.simulate_get("/plugins/cachetest/books")  # anything: the memo is warm after the first answer below
    assert client.simulate_get("/plugins/cachetest/shelves").json["shelves"] == ["A"]
    cache_app.response_cache.items.clear()  # the next answer is computed with the memo hit
    assert client.simulate_get("/plugins/cachetest/shelves").json["shelves"] == ["A"]
    with cache_app.transaction():
        Shelf.create(name="B")
    assert client.simulate_get("/plugins/cachetest/shelves").json["shelves"] == ["A", "B"]


def test_a_kept_answer_keeps_its_own_headers(cache_app):
    client = make_client(cache_app, role=None)
    first = client.simulate_get("/plugins/cachetest/books.csv")
    calls = Calls.count
    again = client.simulate_get("/plugins/cachetest/books.csv")
    assert Calls.count == calls  # kept
    assert again.text == first.text == "title\none\n"
    assert again.headers["content-type"].startswith("text/csv")
    assert again.headers["content-disposition"] == "attachment; filename=books.csv"


def test_a_get_setting_a_cookie_is_never_kept(cache_app):
    client = make_client(cache_app, role=None)
    client.simulate_get("/plugins/cachetest/cookie")
    calls = Calls.count
    answer = client.simulate_get("/plugins/cachetest/cookie")
    assert Calls.count == calls + 1 and answer.cookies["seen"].value == "yes"


def test_the_cache_can_be_turned_off(make_app):
    app = make_app(plugins=[], extra=[CacheTestPlugin()], config={"response_cache_mb": 0})
    client = make_client(app, role=None)
    client.simulate_get("/plugins/cachetest/books")
    calls = Calls.count
    assert "etag" not in client.simulate_get("/plugins/cachetest/books").headers
    assert Calls.count == calls + 1


def test_memo_keeps_a_value_until_a_table_it_read_changes(cache_app):
    computed = []

    def titles():
        computed.append(1)
        return tuple(b.title for b in Book.select())

    with cache_app.db.connection_context():
        assert cache_app.memo("titles", None, titles) == ("one",)
        assert cache_app.memo("titles", None, titles) == ("one",)
        assert len(computed) == 1
        Shelf.create(name="unrelated")  # another table: still valid
        assert cache_app.memo("titles", None, titles) == ("one",) and len(computed) == 1
        Book.create(title="two", shelf=Shelf.get(Shelf.name == "A"))
        assert cache_app.memo("titles", None, titles) == ("one", "two") and len(computed) == 2
        with cache_app.db.atomic():  # inside a transaction: computed, never kept
            Book.create(title="three", shelf=Shelf.get(Shelf.name == "A"))
            assert cache_app.memo("titles", None, titles) == ("one", "two", "three")
