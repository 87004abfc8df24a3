"""The production the activity tests read (helpers only, no tests here).

The tasks world (project P with a manager, a supervisor, an artist, a client
and a vendor; project Q apart) gets news through the real flows: comments
and status changes posted on tasks, previews added to comments. Each news is
remembered by a label so tests can check the answers' values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from clapboard.plugins.data import models as m

from ..production.tasks.world import REFUSED, World, build_world, close, sample, shape_diffs

START = datetime(2026, 3, 2, 9, 0)
__all__ = ["REFUSED", "Stage", "build_stage", "close", "sample", "shape_diffs"]


@dataclass
class Stage:
    w: World
    tasks: dict = field(default_factory=dict)  # label -> task id
    comments: dict = field(default_factory=dict)  # label -> comment id
    news: dict = field(default_factory=dict)  # label -> news id
    labels: dict = field(default_factory=dict)  # news label -> task label

    def comment(self, label: str, role: str, task: str, status: str, text: str = "", **extra) -> dict:
        client = self.w.admin if role == "admin" else self.w.client(role)
        answer = client.simulate_post(f"/actions/tasks/{self.tasks[task]}/comment",
                                      json={"task_status_id": self.w.types[status], "comment": text, **extra})
        assert answer.status_code == 201, answer.text
        self.comments[label] = answer.json["id"]
        with self.w.db():
            self.news[label] = str(m.News.get(m.News.comment == answer.json["id"]).id)
        return answer.json

    def preview(self, label: str) -> dict:
        task = self.tasks[self.labels[label]]
        answer = self.w.admin.simulate_post(f"/actions/tasks/{task}/comments/{self.comments[label]}/add-preview",
                                            json={})
        assert answer.status_code == 201, answer.text
        return answer.json


def build_stage(tmp_path_factory, name: str) -> Stage:
    """Tasks on a shot, an asset, the vendor's task and a task of Q, commented by several people."""

    w = build_world(tmp_path_factory, name)
    status = w.admin.simulate_post("/data/task-status", json={
        "name": "Client Review", "short_name": "crev", "color": "#00aaff", "is_client_allowed": True,
        "is_artist_allowed": True})
    assert status.status_code == 201, status.text
    w.types["crev"] = status.json["id"]
    stage = Stage(w=w)
    stage.tasks["shot"] = w.new_task("SH1", "Animation", assignees=("user",))
    stage.tasks["asset"] = w.new_task("HERO", "Modeling")
    stage.tasks["vendor"] = w.ids["T"]
    stage.tasks["q"] = w.ids["TQ"]
    # Oldest first; each news is created by its comment.
    for label, role, task, status, extra in (
            ("shot-wip", "manager", "shot", "wip", {}),
            ("asset-wfa", "admin", "asset", "wfa", {}),
            ("shot-client", "manager", "shot", "wip", {"for_client": True}),
            ("shot-by-client", "client", "shot", "crev", {}),
            ("vendor-wip", "manager", "vendor", "wip", {}),
            ("q-wip", "admin", "q", "wip", {}),
            ("asset-preview", "admin", "asset", "wfa", {})):
        stage.labels[label] = task
        stage.comment(label, role, task, status, f"about {label}", **extra)
    stage.preview("asset-preview")
    # The comments above land within a second: spread their news a minute apart (same order) so that
    # date filters can tell them apart.
    with w.db():
        for minute, news_id in enumerate(stage.news.values()):
            m.News.update(created_at=START + timedelta(minutes=minute)).where(m.News.id == news_id).execute()
    return stage
