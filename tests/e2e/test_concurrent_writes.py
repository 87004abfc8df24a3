"""Concurrent writers on a live ``clapboard serve --workers 4``: no refusal, no deadlock, no lost update.

The same module proves both databases: SQLite (the default test database,
several processes writing one file) and PostgreSQL (``CLAPBOARD_TEST_DATABASE_URL``).
A TV show is built through the API; then each scenario sends its writes from
many threads at once, each thread on its own keep-alive connection, released
together by a barrier, for a few rounds. Every answer must be a success (or
the documented idempotent answer), and the final state, read back through the
API (and the database where the API cannot show duplicates or microseconds),
must be what the acknowledged requests imply.

``CLAPBOARD_CONCURRENCY_ROUNDS`` (default 8) and ``CLAPBOARD_CONCURRENCY_CLIENTS``
(default 16) size the runs.
"""

from __future__ import annotations

import datetime
import functools
import os
import random
from dataclasses import dataclass, field

import peewee
import pytest

from clapboard.plugins.data.models import (
    Comment,
    EntityLink,
    ProjectPersonLink,
    Subscription,
    Task,
    TaskPersonLink,
    TimeSpent,
)

from .live_writers import ADMIN_EMAIL, ADMIN_PASSWORD, Server, burst, failures, overlap, rows

ROUNDS = int(os.environ.get("CLAPBOARD_CONCURRENCY_ROUNDS", "8"))
CLIENTS = int(os.environ.get("CLAPBOARD_CONCURRENCY_CLIENTS", "16"))
SHOTS_PER_EPISODE = CLIENTS  # one client per shot in the casting scenario
N_ASSETS = 12
N_PERSONS = 12
PERSON_PASSWORD = "concurrent person password"
MODELS = [Comment, EntityLink, ProjectPersonLink, Subscription, Task, TaskPersonLink, TimeSpent]


@dataclass
class Production:
    server: Server
    admin: object  # a Client
    project_id: str
    statuses: dict  # short name -> task status id
    status_rows: dict  # id -> task status row
    asset_ids: list
    casting_episodes: list  # [(episode id, [shot ids])]: one episode per pair of casting rounds
    recast_shot: str
    tasks: list  # shot and asset task ids, handed out by ``take``
    person_ids: list
    follower: tuple  # (person id, token): the person who subscribes
    pools: dict = field(default_factory=dict)
    taken: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)  # scenario -> what its bursts looked like, for the summary

    def burst(self, scenario: str, calls: list, token=None) -> list:
        """``calls`` sent at once, each on its own client; how many overlapped and which workers served them."""

        clients = self.clients(token, len(calls))
        answers = burst(clients, calls)
        seen = self.seen.setdefault(scenario, {"bursts": 0, "requests": 0, "overlap": 0, "workers": set()})
        seen["bursts"] += 1
        seen["requests"] += len(answers)
        seen["overlap"] = max(seen["overlap"], overlap(answers))
        seen["workers"].update(self.server.serving(clients))
        return answers

    def summary(self) -> str:
        lines = [f"[{self.server.database}, {self.server.workers} workers, {ROUNDS} rounds, {CLIENTS} clients]"]
        for scenario, seen in self.seen.items():
            lines.append(f"  {scenario:<28} {seen['bursts']:>2} bursts, {seen['requests']:>3} requests, "
                         f"at most {seen['overlap']:>2} in flight together, served by {len(seen['workers'])} "
                         "worker processes")
        return "\n".join(lines)

    def take(self, purpose: str, count: int) -> list:
        """``count`` tasks no other scenario writes to (the same ones for the same purpose)."""

        if purpose not in self.taken:
            used = sum(len(ids) for ids in self.taken.values())
            assert used + count <= len(self.tasks), "not enough tasks for the rounds"
            self.taken[purpose] = self.tasks[used:used + count]
        return self.taken[purpose]

    def clients(self, token=None, count=CLIENTS):
        """``count`` keep-alive clients with ``token`` (default: the admin's), kept for the module."""

        token = token or self.admin.token
        pool = self.pools.setdefault(token, [])
        while len(pool) < count:
            pool.append(self.server.client(token))
        return pool[:count]

    def close(self):
        for pool in self.pools.values():
            for client in pool:
                client.close()
        self.admin.close()


def _shots_in_episode(admin, project_id, episode_name, sequences, shots_per_sequence) -> tuple[str, list]:
    base = f"/data/projects/{project_id}"
    episode = admin.post(base + "/episodes", {"name": episode_name})
    shot_ids = []
    for s in range(sequences):
        sequence = admin.post(base + "/sequences", {"name": f"{episode_name}_SQ{s + 1:02d}",
                                                    "episode_id": episode["id"]})
        for n in range(shots_per_sequence):
            shot = admin.post(base + "/shots", {"name": f"SH{n + 1:03d}", "sequence_id": sequence["id"],
                                                "nb_frames": 48})
            shot_ids.append(shot["id"])
    return episode["id"], shot_ids


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("concurrent"), workers=4).start()
    admin = server.client(server.login(ADMIN_EMAIL, ADMIN_PASSWORD))
    try:
        status_rows = {row["id"]: row for row in admin.get("/data/task-status")}
        statuses = {row["short_name"]: row["id"] for row in status_rows.values()}
        task_types = {(row["name"], row["for_entity"]): row["id"] for row in admin.get("/data/task-types")}
        asset_types = {row["name"]: row["id"] for row in admin.get("/data/asset-types")}
        project = admin.post("/data/projects", {"name": "Concurrent writers", "production_type": "tvshow"})
        project_id, base = project["id"], f"/data/projects/{project['id']}"
        for name in ("Layout", "Animation", "FX", "Lighting", "Compositing"):
            admin.post(base + "/settings/task-types", {"task_type_id": task_types[(name, "Shot")]})
        admin.post(base + "/settings/task-types", {"task_type_id": task_types[("Modeling", "Asset")]})
        for status_id in statuses.values():
            admin.post(base + "/settings/task-status", {"task_status_id": status_id})
        for type_id in asset_types.values():
            admin.post(base + "/settings/asset-types", {"asset_type_id": type_id})
        kinds = sorted(asset_types)
        asset_ids = [admin.post(f"{base}/asset-types/{asset_types[kinds[i % len(kinds)]]}/assets/new",
                                {"name": f"Asset {i + 1:02d}", "description": "cast at once"})["id"]
                     for i in range(N_ASSETS)]
        casting_episodes = [_shots_in_episode(admin, project_id, f"E{e + 1:02d}", 2, SHOTS_PER_EPISODE // 2)
                            for e in range((ROUNDS + 1) // 2)]
        _episode, (recast_shot,) = _shots_in_episode(admin, project_id, "E99", 1, 1)
        shot_ids = [shot for _e, shots in casting_episodes for shot in shots] + [recast_shot]
        create = f"/actions/projects/{project_id}/task-types/{{}}/shots/create-tasks"
        needed = 2 + ROUNDS * (10 + 1 + max(1, CLIENTS // 6)) - N_ASSETS  # see the ``take`` calls
        tasks = [t["id"] for name in ("Layout", "Animation", "FX", "Lighting", "Compositing")[
            :max(1, -(-needed // len(shot_ids)))] for t in admin.post(create.format(task_types[(name, "Shot")]),
                                                                      shot_ids)]
        tasks += [t["id"] for t in admin.post(f"/actions/projects/{project_id}/task-types/"
                                              f"{task_types[('Modeling', 'Asset')]}/assets/create-tasks", asset_ids)]
        person_ids = []
        for i in range(N_PERSONS):
            person = admin.post("/data/persons", {"first_name": "Artist", "last_name": f"{i + 1:02d}",
                                                  "email": f"artist.{i + 1:02d}@example.com", "role": "user"})
            person_ids.append(person["id"])
            admin.post(base + "/team", {"person_id": person["id"]})
        follower = person_ids[-1]
        admin.post(f"/actions/persons/{follower}/change-password",
                   {"password": PERSON_PASSWORD, "password_2": PERSON_PASSWORD})
        token = server.login(f"artist.{N_PERSONS:02d}@example.com", PERSON_PASSWORD)
        built = Production(server=server, admin=admin, project_id=project_id, statuses=statuses,
                           status_rows=status_rows, asset_ids=asset_ids, casting_episodes=casting_episodes,
                           recast_shot=recast_shot, tasks=tasks, person_ids=person_ids,
                           follower=(follower, token))
    except BaseException:
        admin.close()
        server.stop()
        raise
    yield built
    built.close()
    server.stop()
    retried = server.retried()
    print("\n" + built.summary() + f"\n  transactions retried by the server: {len(retried)}"
          + "".join(f"\n    {line}" for line in retried[:5]))


def _check(answers, production, accepted=range(200, 300)):
    problem = failures(answers, accepted)
    if problem:
        errors = production.server.errors()
        pytest.fail(f"[{production.server.database}] {problem}"
                    + ("\nserver errors:\n  " + "\n  ".join(errors[-10:]) if errors else ""))


def _casting(production, entity_id) -> set:
    found = production.admin.get(f"/data/projects/{production.project_id}/entities/{entity_id}/casting")
    return {(row["asset_id"], row["nb_occurences"], row["label"]) for row in found}


def _as_set(body) -> set:
    return {(item["asset_id"], item["nb_occurences"], item["label"]) for item in body}


def _duplicates(query) -> list:
    return list(query.having(peewee.fn.COUNT(peewee.SQL("*")) > 1).tuples())


def test_castings_of_many_shots_of_one_episode(production):
    """Each shot of one episode cast by its own client at once, the assets overlapping."""

    rng = random.Random(10)
    cast_in_episode: dict = {}
    for round_number in range(ROUNDS):
        episode_id, shot_ids = production.casting_episodes[round_number // 2]  # the odd rounds recast
        bodies = {shot: [{"asset_id": a, "nb_occurences": rng.randint(1, 3), "label": rng.choice(["", "bg", "fg"])}
                         for a in rng.sample(production.asset_ids, rng.randint(3, 6))] for shot in shot_ids}
        calls = [("PUT", f"/data/projects/{production.project_id}/entities/{shot}/casting", body)
                 for shot, body in bodies.items()]
        answers = production.burst("castings of one episode", calls)
        _check(answers, production)
        for answer, (shot, body) in zip(answers, bodies.items()):
            assert _as_set(answer.json) == _as_set(body), answer.describe()
        for shot, body in bodies.items():
            assert _casting(production, shot) == _as_set(body), f"round {round_number}: casting of shot {shot}"
        union = cast_in_episode.setdefault(episode_id, set())
        union.update(item["asset_id"] for body in bodies.values() for item in body)
        episode_assets = {asset for asset, _n, _l in _casting(production, episode_id)}
        assert episode_assets == union, f"round {round_number}: episode links {len(episode_assets)} != {len(union)}"
        episode = production.admin.get(f"/data/entities/{episode_id}")
        assert episode["nb_entities_out"] == len(union)
        for shot, body in bodies.items():
            assert production.admin.get(f"/data/entities/{shot}")["nb_entities_out"] == len(body)
    with rows(production.server.url, MODELS):
        link = EntityLink
        assert not _duplicates(link.select(link.entity_in, link.entity_out, peewee.fn.COUNT(peewee.SQL("*")))
                               .group_by(link.entity_in, link.entity_out))
        for episode_id, union in cast_in_episode.items():
            assert link.select().where(link.entity_in == episode_id).count() == len(union)


def test_recasts_of_one_shot_end_as_one_of_the_bodies(production):
    """One shot recast by every client at once, each with its own body: the result is one body, never a mix."""

    rng = random.Random(11)
    shot = production.recast_shot
    path = f"/data/projects/{production.project_id}/entities/{shot}/casting"
    sent_assets: set = set()
    for round_number in range(ROUNDS):
        bodies = [[{"asset_id": a, "nb_occurences": i + 1, "label": f"r{round_number}c{i}"}
                   for a in rng.sample(production.asset_ids, rng.randint(2, 4))] for i in range(CLIENTS)]
        answers = production.burst("recasts of one shot", [("PUT", path, body) for body in bodies])
        _check(answers, production)
        final = _casting(production, shot)
        matching = [i for i, body in enumerate(bodies) if _as_set(body) == final]
        assert len(matching) == 1, f"round {round_number}: the casting {sorted(final)} is none of the bodies sent"
        sent_assets.update(item["asset_id"] for body in bodies for item in body)
        assert production.admin.get(f"/data/entities/{shot}")["nb_entities_out"] == len(final)
    episode_id = production.admin.get(f"/data/shots/{shot}")["episode_id"]
    assert {asset for asset, _n, _l in _casting(production, episode_id)} == sent_assets


def test_comments_with_status_changes_on_one_task(production):
    """Comments changing one task's status, all at once: the task ends as its latest comment says."""

    rng = random.Random(12)
    (task_id,) = production.take("comments", 1)
    statuses = production.statuses
    cycle = ["wip", "retake", "wfa", "retake", "done", "wip", "retake"]
    acknowledged = 0
    for round_number in range(ROUNDS):
        chosen = [rng.choice(cycle) for _ in range(CLIENTS)]
        calls = [("POST", f"/actions/tasks/{task_id}/comment",
                  {"task_status_id": statuses[short], "comment": f"round {round_number} client {i}: {short}"})
                 for i, short in enumerate(chosen)]
        answers = production.burst("comments with statuses", calls)
        _check(answers, production)
        acknowledged += sum(answer.ok for answer in answers)
        comments = production.admin.get(f"/data/tasks/{task_id}/comments")
        assert len(comments) == acknowledged
        with rows(production.server.url, MODELS):
            ordered = list(Comment.select(Comment.id, Comment.created_at, Comment.task_status)
                           .where(Comment.object_id == task_id).order_by(Comment.created_at).tuples())
            stored = Task.select(Task.task_status, Task.retake_count, Task.last_comment_date).where(
                Task.id == task_id).tuples().get()
        assert len(ordered) == acknowledged
        last_status = str(ordered[-1][2])
        retakes, previous = 0, statuses["todo"]
        for _id, _created, status_id in ordered:
            status_id = str(status_id)
            if production.status_rows[status_id]["is_retake"] and not production.status_rows[previous]["is_retake"]:
                retakes += 1
            previous = status_id
        task = production.admin.get(f"/data/tasks/{task_id}")
        names = {v: k for k, v in statuses.items()}
        assert task["task_status_id"] == last_status, (
            f"round {round_number}: the task is {names[task['task_status_id']]} but its latest comment "
            f"({ordered[-1][1]}) says {names[last_status]}; comments in creation order: "
            f"{[names[str(s)] for _i, _c, s in ordered[-CLIENTS:]]}")
        assert task["retake_count"] == retakes, f"round {round_number}: {task['retake_count']} retakes, not {retakes}"
        assert stored[2] == ordered[-1][1], f"round {round_number}: last_comment_date {stored[2]} != {ordered[-1][1]}"


def test_assignments_of_many_people_to_overlapping_tasks(production):
    """People assigned to overlapping sets of tasks at once (some of them twice): the union, once each."""

    rng = random.Random(13)
    expected: dict = {}
    per_round = 10
    for round_number in range(ROUNDS):
        tasks = production.take("assignments", ROUNDS * per_round)[round_number * per_round:][:per_round]
        people = [production.person_ids[i % 8] for i in range(CLIENTS)]  # the first ones come twice
        bodies = [(person, rng.sample(tasks, rng.randint(4, 7))) for person in people]
        answers = production.burst("assignments", [("PUT", f"/actions/persons/{person}/assign",
                                                      {"task_ids": ids}) for person, ids in bodies])
        _check(answers, production)
        for answer, (person, ids) in zip(answers, bodies):
            assert sorted(t["id"] for t in answer.json) == sorted(ids)
            assert all(person in t["assignees"] for t in answer.json), answer.describe()
            for task in ids:
                expected.setdefault(task, set()).add(person)
        for task in tasks:
            found = production.admin.get(f"/data/tasks/{task}")["assignees"]
            assert len(found) == len(set(found)) and set(found) == expected.get(task, set()), (
                f"round {round_number}: task {task} assignees {sorted(found)} != {sorted(expected.get(task, ()))}")
    with rows(production.server.url, MODELS):
        link = TaskPersonLink
        assert not _duplicates(link.select(link.task, link.person, peewee.fn.COUNT(peewee.SQL("*")))
                               .group_by(link.task, link.person))
        stored = set(link.select(link.task, link.person).where(link.task.in_(list(expected))).tuples())
    assert {(str(t), str(p)) for t, p in stored} == {(t, p) for t, people in expected.items() for p in people}


def test_team_additions_of_the_same_and_different_persons(production):
    """The same persons added to a team by several clients at once: each is a member once."""

    rng = random.Random(14)
    for round_number in range(ROUNDS):
        project = production.admin.post("/data/projects", {"name": f"Team round {round_number}",
                                                           "production_type": "featurefilm"})
        chosen = rng.sample(production.person_ids, CLIENTS // 2)
        calls = [("POST", f"/data/projects/{project['id']}/team", {"person_id": chosen[i % len(chosen)]})
                 for i in range(CLIENTS)]
        answers = production.burst("team additions", calls)
        _check(answers, production)
        assert {a.status for a in answers} == {201}
        team = production.admin.get(f"/data/projects/{project['id']}/team")
        assert sorted(p["id"] for p in team) == sorted(chosen), f"round {round_number}"
        with rows(production.server.url, MODELS):
            link = ProjectPersonLink
            assert link.select().where(link.project == project["id"]).count() == len(chosen)


def test_subscriptions_of_one_person_to_one_task(production):
    """One person following one task from several clients at once: one subscription, the same answer."""

    person_id, token = production.follower
    for round_number in range(ROUNDS):
        task_id = production.take("subscriptions", ROUNDS)[round_number]
        calls = [("POST", f"/actions/user/tasks/{task_id}/subscribe", {})] * CLIENTS
        answers = production.burst("subscriptions", calls, token)
        _check(answers, production)
        assert {a.status for a in answers} == {201}  # documented: the existing subscription if already there
        ids = {a.json["id"] for a in answers}
        assert len(ids) == 1, f"round {round_number}: {len(ids)} different subscriptions answered"
        assert {(a.json["person_id"], a.json["task_id"]) for a in answers} == {(person_id, task_id)}
        with rows(production.server.url, MODELS):
            found = list(Subscription.select(Subscription.id).where(
                Subscription.person == person_id, Subscription.task == task_id).tuples())
        assert [str(i) for (i,) in found] == list(ids)
    listed = production.admin.get(f"/data/projects/{production.project_id}/subscriptions")
    assert len([s for s in listed if s["person_id"] == person_id]) == ROUNDS


def test_task_updates_of_different_fields(production):
    """Different fields of one task updated by different clients at once: none is lost."""

    rng = random.Random(15)
    fields = {
        "description": lambda r, i: f"round {r} from client {i}",
        "priority": lambda r, i: rng.randint(1, 3),
        "estimation": lambda r, i: float(rng.randint(1, 40)),
        "due_date": lambda r, i: f"2026-0{rng.randint(2, 9)}-1{rng.randint(0, 9)}T00:00:00",
        "start_date": lambda r, i: f"2026-01-0{rng.randint(1, 9)}T00:00:00",
        "difficulty": lambda r, i: rng.randint(1, 5),
    }
    per_task = len(fields)
    for round_number in range(ROUNDS):
        per_round = max(1, CLIENTS // per_task)
        tasks = production.take("updates", ROUNDS * per_round)[round_number * per_round:][:per_round]
        calls, wanted = [], {}
        for t, task in enumerate(tasks):
            for i, (name, value) in enumerate(fields.items()):
                v = value(round_number, t * per_task + i)
                wanted.setdefault(task, {})[name] = v
                calls.append(("PUT", f"/data/tasks/{task}", {name: v}))
        answers = production.burst("task updates", calls)
        _check(answers, production)
        for task, values in wanted.items():
            found = production.admin.get(f"/data/tasks/{task}")
            assert {k: found[k] for k in values} == values, f"round {round_number}: task {task}"


def _serial_order_exists(ops, start, final) -> bool:
    """Whether the set/add answers fit some one-at-a-time order from ``start`` ending at ``final``.

    ``ops``: ``(kind, minutes sent, minutes answered)``; a set answers what it sent, an add the
    previous value plus what it sent.
    """

    @functools.cache
    def search(remaining: frozenset, value: float) -> bool:
        if not remaining:
            return value == final
        for index in remaining:
            kind, sent, answered = ops[index]
            fits = (kind == "set" and answered == sent) or (kind == "add" and answered == value + sent)
            if fits and search(remaining - {index}, answered):
                return True
        return False

    return search(frozenset(range(len(ops))), start)


def test_time_spents_set_and_added_on_one_task_person_and_day(production):
    """Time added (and set) at once on one task, person and day: every acknowledged minute counts."""

    rng = random.Random(16)
    (task_id,) = production.take("time spents", 1)
    adder, other, setter = production.person_ids[:3]
    base = f"/actions/tasks/{task_id}/time-spents"
    for round_number in range(ROUNDS):
        day = (datetime.date(2026, 3, 2) + datetime.timedelta(days=round_number)).isoformat()
        # Adds only: two people's days, from fresh (no row yet) — the sum of what was acknowledged.
        plan = [(adder if i % 3 else other, rng.randint(1, 90)) for i in range(CLIENTS)]
        answers = production.burst("time spents added", [
            ("POST", f"{base}/{day}/persons/{person}/add", {"duration": minutes}) for person, minutes in plan])
        _check(answers, production)
        logged = production.admin.get(f"{base}/{day}")
        for person in (adder, other):
            acknowledged = sum(m for (p, m), a in zip(plan, answers) if p == person and a.ok)
            found = logged.get(person, [])
            assert len(found) == 1 and found[0]["duration"] == acknowledged, (
                f"round {round_number}: {person} has {[r['duration'] for r in found]} minutes on {day}, "
                f"the acknowledged adds total {acknowledged}")
        # Sets and adds mixed on a third person's day: the answers fit one order, and the row is its end.
        ops = [("set" if i % 3 == 0 else "add", rng.randint(1, 90)) for i in range(CLIENTS)]
        answers = production.burst("time spents set and added", [
            ("POST", f"{base}/{day}/persons/{setter}" + ("/add" if kind == "add" else ""), {"duration": minutes})
            for kind, minutes in ops])
        _check(answers, production)
        found = production.admin.get(f"{base}/{day}").get(setter, [])
        assert len(found) == 1, f"round {round_number}: {len(found)} time spents for one person and day"
        seen = tuple((kind, float(m), a.json["duration"]) for (kind, m), a in zip(ops, answers))
        assert _serial_order_exists(seen, 0.0, found[0]["duration"]), (
            f"round {round_number}: final {found[0]['duration']} minutes, answers {seen}")
        assert len({a.json["id"] for a in answers}) == 1
        everything = production.admin.get(base)
        task = production.admin.get(f"/data/tasks/{task_id}")
        assert task["duration"] == everything["total"], f"round {round_number}: task duration != its time spents"
    with rows(production.server.url, MODELS):
        spent = TimeSpent
        assert not _duplicates(spent.select(spent.task, spent.person, spent.date, peewee.fn.COUNT(peewee.SQL("*")))
                               .where(spent.task == task_id).group_by(spent.task, spent.person, spent.date))
        total = spent.select(peewee.fn.SUM(spent.duration)).where(spent.task == task_id).scalar()
        assert Task.get_by_id(task_id).duration == total
