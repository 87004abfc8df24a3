"""One transaction per writing request; events only after commit."""

from clapboard.testing import make_client

from .sample_plugin import Note, SamplePlugin


def _notes(app):
    with app.db.connection_context():
        return [n.text for n in Note.select().order_by(Note.id)]


def test_successful_write_commits_and_delivers_event(make_app):
    plugin = SamplePlugin()
    app = make_app(plugins=[], extra=[plugin])
    result = make_client(app).simulate_post("/plugins/sample/notes", json={"text": "kept"})
    assert result.status_code == 201
    assert _notes(app) == ["kept"]
    assert [(e.name, dict(e.data)) for e in plugin.events] == [("note:new", {"text": "kept"})]


def test_error_after_write_rolls_everything_back_and_drops_events(make_app):
    plugin = SamplePlugin()
    app = make_app(plugins=[], extra=[plugin])
    result = make_client(app).simulate_post("/plugins/sample/notes", json={"text": "lost", "then": "fail"})
    assert result.status_code == 400
    assert result.json["message"] == "asked to fail after writing"
    assert _notes(app) == []
    assert plugin.events == []


def test_failing_event_listener_does_not_break_the_request(make_app):
    class Exploding:
        __clapboard_name__ = "exploding"

        from clapboard import hookimpl

        @hookimpl
        def on_event(self, app, event):
            raise RuntimeError("listener bug")

    plugin = SamplePlugin()
    app = make_app(plugins=[], extra=[plugin, Exploding()])
    result = make_client(app).simulate_post("/plugins/sample/notes", json={"text": "ok"})
    assert result.status_code == 201
    assert _notes(app) == ["ok"]
    assert len(plugin.events) == 1


def test_app_transaction_delivers_after_commit_and_nests(make_app):
    from clapboard import emit

    plugin = SamplePlugin()
    app = make_app(plugins=[], extra=[plugin])
    with app.db.connection_context():
        with app.transaction():
            Note.create(text="outer")
            emit("note:new", {"text": "outer"})
            with app.transaction():
                emit("note:new", {"text": "inner"})
            assert plugin.events == []
    assert [e.data["text"] for e in plugin.events] == ["outer", "inner"]
    plugin.events.clear()
    try:
        with app.db.connection_context():
            with app.transaction():
                Note.create(text="doomed")
                emit("note:new", {"text": "doomed"})
                raise KeyError("stop")
    except KeyError:
        pass
    assert plugin.events == []
    assert _notes(app) == ["outer"]


class _TwoPhases:
    """A route that does work outside any transaction, then its database phase in one."""

    def __init__(self):
        self.seen_in_transaction = []

    def on_post(self, req, resp):
        from clapboard import emit
        from clapboard.transactions import in_transaction

        app = req.context.app
        self.seen_in_transaction.append(app.db.in_transaction())  # the slow phase: no transaction held
        body = req.get_media()

        def write(req, resp):
            self.seen_in_transaction.append(app.db.in_transaction())
            Note.create(text=body["text"])
            emit("note:new", {"text": body["text"]})
            if body.get("then") == "fail":
                from clapboard.errors import BadRequest

                raise BadRequest("asked to fail after writing")
            resp.status = 201
            resp.media = {"text": body["text"]}

        in_transaction(req, resp, write)


def test_a_route_can_run_its_database_phase_itself(make_app):
    from clapboard import Route, hookimpl

    resource = _TwoPhases()

    class TwoPhasePlugin:
        __clapboard_name__ = "two-phases"

        @hookimpl
        def register_routes(self):
            return [Route("/plugins/two-phases/notes", resource, transaction=False, public=True)]

    plugin = SamplePlugin()
    app = make_app(plugins=[], extra=[plugin, TwoPhasePlugin()])
    client = make_client(app)
    assert client.simulate_post("/plugins/two-phases/notes", json={"text": "kept"}).status_code == 201
    failed = client.simulate_post("/plugins/two-phases/notes", json={"text": "lost", "then": "fail"})
    assert failed.status_code == 400 and failed.json["message"] == "asked to fail after writing"
    assert _notes(app) == ["kept"]
    assert [dict(e.data) for e in plugin.events] == [{"text": "kept"}]  # events of the failed phase dropped
    assert resource.seen_in_transaction == [False, True, False, True]


def test_side_effects_are_undone_when_the_attempt_does_not_commit(make_app):
    from clapboard import Route, hookimpl
    from clapboard.errors import BadRequest
    from clapboard.transactions import on_rollback

    kept: list[str] = []

    class Storing:
        def on_post(self, req, resp):
            body = req.get_media()
            kept.append(body["text"])  # a file written beside the row
            assert on_rollback(lambda: kept.remove(body["text"]))
            Note.create(text=body["text"])
            if body.get("then") == "fail":
                raise BadRequest("asked to fail after storing")
            if body.get("then") == "refuse":
                resp.status = 409
                resp.media = {"error": True, "message": "refused"}
                return
            resp.status = 201

    class StoringPlugin:
        __clapboard_name__ = "storing"

        @hookimpl
        def register_routes(self):
            return [Route("/plugins/storing/notes", Storing(), public=True)]

    app = make_app(plugins=[], extra=[SamplePlugin(), StoringPlugin()])
    client = make_client(app)
    assert client.simulate_post("/plugins/storing/notes", json={"text": "a"}).status_code == 201
    assert client.simulate_post("/plugins/storing/notes", json={"text": "b", "then": "fail"}).status_code == 400
    assert client.simulate_post("/plugins/storing/notes", json={"text": "c", "then": "refuse"}).status_code == 409
    assert kept == ["a"] and _notes(app) == ["a"]
    assert on_rollback(lambda: None) is False  # outside a unit of work: nothing registered
