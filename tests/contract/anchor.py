"""Side by side with a real Zou: record generic CRUD answers, replay them on Clapboard, write COMPARED.md.

    bash /work/shared/anchors/zou/start.sh
    python -m tests.contract.anchor [--zou http://127.0.0.1:5000] [--date 2026-11-28]
    bash /work/shared/anchors/zou/stop.sh

Each recorded exchange is saved as ``zou_samples/<METHOD>__data__<path>.<variant>.anchor.json``
(the fields the tests use), so ``test_zou_samples.py`` checks it offline too. The
Clapboard side is the same replay the tests do, on an in-process app (SQLite):
Zou's ids are mapped to fresh Clapboard rows, bodies and filters are reused.
Only loopback is contacted; nothing is installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from .refresh_samples import write_sample
from .replay import SAMPLES_DIR, UUID_RE, keep, load_samples

HERE = Path(__file__).parent
ADMIN = {"email": "admin@example.com", "password": "mysecretpassword"}


class Zou:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.token = None
        self.recorded: list[str] = []

    def call(self, method: str, path: str, query: dict | None = None, body=None, raw: str | None = None):
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = raw.encode() if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read()
        try:
            return status, (json.loads(text) if text else None)
        except ValueError:
            return status, text.decode(errors="replace")

    def login(self) -> None:
        status, body = self.call("POST", "/auth/login", body=ADMIN)
        assert status == 200, (status, body)
        self.token = body["access_token"]

    def rec(self, variant: str, method: str, path: str, query: dict | None = None, body=None, raw=None,
            template: str | None = None):
        """Send a request and save it as an anchor sample; returns the answer's body."""

        status, answer = self.call(method, path, query, body, raw)
        template = template or UUID_RE.sub("{id}", path)
        name = method + "__" + template.strip("/").replace("/", "__")
        name += (f".{variant}" if variant else "") + ".anchor.json"
        sample = keep({
            "method": method, "path_template": template, "example_path": path, "query": query or {},
            "request_body": raw if raw is not None else body, "status": status, "response_body": answer,
        })
        write_sample(name, sample)
        self.recorded.append(name)
        print(f"{status} {method} {path} {query or ''} -> {name}", file=sys.stderr)
        return answer


def by_name(rows: list[dict], **wanted) -> dict:
    return next(r for r in rows if all(r.get(k) == v for k, v in wanted.items()))


def scenario(z: Zou, tag: str) -> None:
    """The requests compared. Names carry ``tag`` so that reruns on one Zou database do not collide."""

    _, statuses = z.call("GET", "/data/project-status")
    closed = by_name(statuses, name="Closed")["id"]
    _, entity_types = z.call("GET", "/data/entity-types")
    character = by_name(entity_types, name="Character")["id"]
    _, task_types = z.call("GET", "/data/task-types")
    modeling = by_name(task_types, name="Modeling", for_entity="Asset")["id"]
    _, task_statuses = z.call("GET", "/data/task-status")
    todo = by_name(task_statuses, short_name="todo")["id"]
    wip = by_name(task_statuses, short_name="wip")["id"]

    # -- projects ---------------------------------------------------------------------
    short = z.rec("", "POST", "/data/projects", body={"name": f"Anchor Short {tag}", "production_type": "short"})
    tv = z.rec("tvshow", "POST", "/data/projects", body={"name": f"Anchor TV {tag}", "production_type": "tvshow"})
    z.rec("", "GET", f"/data/projects/{short['id']}")
    z.rec("tvshow", "GET", f"/data/projects/{tv['id']}")
    z.rec("", "GET", "/data/projects")
    z.rec("filter-name", "GET", "/data/projects", {"name": f"Anchor Short {tag}"})
    z.rec("filter-in", "GET", "/data/projects", {"id": json.dumps([short["id"], tv["id"]])})
    z.rec("page", "GET", "/data/projects", {"page": "1", "limit": "1"})
    z.rec("relations", "GET", "/data/projects", {"relations": "true"})
    z.rec("fields", "GET", "/data/projects", {"fields": "id,name"})
    z.rec("", "PUT", f"/data/projects/{short['id']}", body={"description": "Anchor production", "fps": "24"})
    z.rec("open", "DELETE", f"/data/projects/{tv['id']}")

    # -- reference tables ---------------------------------------------------------------
    department = z.rec("", "POST", "/data/departments", body={"name": f"Anchor Dept {tag}", "color": "#123456"})
    z.rec("", "GET", f"/data/departments/{department['id']}")
    z.rec("", "GET", "/data/departments")
    z.rec("filter-name", "GET", "/data/departments", {"name": f"Anchor Dept {tag}"})
    z.rec("", "PUT", f"/data/departments/{department['id']}", body={"color": "#654321"})
    z.call("POST", "/data/departments", body={"name": f"Anchor Dup {tag}", "color": "#123456"})
    z.rec("400-duplicate", "POST", "/data/departments", body={"name": f"Anchor Dup {tag}", "color": "#123456"})
    z.rec("404-unknown-id", "PUT", f"/data/departments/{uuid.uuid4()}", body={"color": "#654321"})

    status = z.rec("", "POST", "/data/task-status",
                   body={"name": f"Anchor Check {tag}", "short_name": f"ac{tag[-4:]}", "color": "#22aa55"})
    z.rec("", "GET", f"/data/task-status/{status['id']}")
    z.rec("", "GET", "/data/task-status")
    z.rec("filter-in", "GET", "/data/task-status", {"id": json.dumps([todo, wip])})
    z.rec("", "PUT", f"/data/task-status/{status['id']}", body={"color": "#22aa66", "is_done": True})
    z.rec("400-missing-fields", "POST", "/data/task-status", body={"color": "#22aa55"})

    task_type = z.rec("", "POST", "/data/task-types",
                      body={"name": f"Anchor Cleanup {tag}", "for_entity": "Shot", "color": "#996633",
                            "department_id": department["id"]})
    z.rec("", "GET", f"/data/task-types/{task_type['id']}")
    z.rec("", "GET", "/data/task-types")
    z.rec("filter-name", "GET", "/data/task-types", {"name": f"Anchor Cleanup {tag}"})
    z.rec("", "PUT", f"/data/task-types/{task_type['id']}", body={"color": "#663399", "priority": 3})
    z.rec("404-unknown-id", "GET", f"/data/task-types/{uuid.uuid4()}")

    software = z.rec("", "POST", "/data/softwares",
                     body={"name": f"Anchor Blender {tag}", "short_name": "bl", "file_extension": "blend"})
    z.rec("", "GET", f"/data/softwares/{software['id']}")
    z.rec("", "GET", "/data/softwares")
    z.rec("", "PUT", f"/data/softwares/{software['id']}", body={"version": "4.2"})

    file_status = z.rec("", "POST", "/data/file-status", body={"name": f"Anchor Published {tag}", "color": "#00ff00"})
    z.rec("", "GET", f"/data/file-status/{file_status['id']}")
    z.rec("", "GET", "/data/file-status")
    z.rec("", "PUT", f"/data/file-status/{file_status['id']}", body={"color": "#00ee00"})

    # -- people -------------------------------------------------------------------------
    person = z.rec("", "POST", "/data/persons",
                   body={"first_name": "Ann", "last_name": f"Chor {tag}", "email": f"anchor.{tag}@example.com",
                         "role": "user"})
    z.rec("", "GET", f"/data/persons/{person['id']}")
    z.rec("", "GET", "/data/persons")
    z.rec("relations", "GET", "/data/persons", {"relations": "true"})
    z.rec("fields", "GET", "/data/persons", {"fields": "id,first_name,last_name,email"})
    z.rec("", "PUT", f"/data/persons/{person['id']}", body={"phone": "+33 1 23 45 67 89", "position": "lead"})
    z.rec("400-bad-id", "GET", "/data/persons/not-a-uuid", template="/data/persons/{id}")

    day_off = z.rec("", "POST", "/data/day-offs",
                    body={"person_id": person["id"], "date": "2026-12-08", "end_date": "2026-12-09",
                          "description": "Holiday"})
    z.rec("", "GET", f"/data/day-offs/{day_off['id']}")
    z.rec("filter-person", "GET", "/data/day-offs", {"person_id": person["id"]})
    z.rec("", "PUT", f"/data/day-offs/{day_off['id']}", body={"description": "Family holiday"})

    # -- entities, tasks, comments, news ------------------------------------------------------
    asset = z.rec("", "POST", "/data/entities",
                  body={"name": f"Anchor Hero {tag}", "project_id": short["id"], "entity_type_id": character})
    z.rec("", "GET", f"/data/entities/{asset['id']}")
    task = z.rec("", "POST", "/data/tasks",
                 body={"name": "main", "project_id": short["id"], "task_type_id": modeling,
                       "entity_id": asset["id"], "task_status_id": todo})
    extra = z.call("POST", "/data/tasks", body={"name": "extra", "project_id": short["id"], "task_type_id": modeling,
                                        "entity_id": asset["id"], "task_status_id": wip})
    z.rec("", "GET", f"/data/tasks/{task['id']}")
    z.rec("page", "GET", "/data/tasks", {"project_id": short["id"], "page": "1", "limit": "1"})
    z.rec("relations", "GET", "/data/tasks", {"project_id": short["id"], "relations": "true"})
    z.rec("fields", "GET", "/data/tasks", {"project_id": short["id"], "fields": "id,name,task_status_id"})
    z.rec("filter-in", "GET", "/data/tasks", {"task_status_id": json.dumps([todo, wip])})
    z.rec("400-bad-filter", "GET", "/data/tasks", {"project_id": "not-a-uuid"})
    z.rec("", "PUT", f"/data/tasks/{task['id']}", body={"estimation": 960, "due_date": "2026-12-08"})

    z.call("POST", f"/actions/tasks/{task['id']}/comment", body={"task_status_id": wip, "comment": "Blocking"})
    _, comments = z.call("GET", f"/data/tasks/{task['id']}/comments")
    if comments:
        z.rec("", "GET", f"/data/comments/{comments[0]['id']}")
        z.rec("", "PUT", f"/data/comments/{comments[0]['id']}", body={"text": "Blocking (edited)"})
    news = z.rec("filter-task", "GET", "/data/news", {"task_id": task["id"]})
    if news:
        z.rec("", "GET", f"/data/news/{news[0]['id']}")

    # -- deletions ----------------------------------------------------------------------
    z.rec("", "DELETE", f"/data/day-offs/{day_off['id']}")
    z.rec("with-news", "DELETE", f"/data/tasks/{task['id']}")
    z.rec("", "DELETE", f"/data/tasks/{extra[1]['id']}")
    z.rec("", "DELETE", f"/data/persons/{person['id']}", {"force": "true"})
    z.rec("", "DELETE", f"/data/task-types/{task_type['id']}", {"force": "true"})
    z.rec("", "DELETE", f"/data/departments/{department['id']}", {"force": "true"})
    z.rec("", "DELETE", f"/data/task-status/{status['id']}", {"force": "true"})
    z.rec("", "DELETE", f"/data/softwares/{software['id']}", {"force": "true"})
    z.rec("", "DELETE", f"/data/file-status/{file_status['id']}", {"force": "true"})
    z.rec("close", "PUT", f"/data/projects/{short['id']}", body={"project_status_id": closed})
    z.rec("with-content", "DELETE", f"/data/projects/{short['id']}", {"force": "true"})
    z.call("PUT", f"/data/projects/{tv['id']}", body={"project_status_id": closed})
    z.rec("closed-with-episode", "DELETE", f"/data/projects/{tv['id']}")  # its first episode is still there
    z.rec("with-episode", "DELETE", f"/data/projects/{tv['id']}", {"force": "true"})


# Value differences seen side by side that the shape comparison lets through (null matches any type).
NOTES = (
    "Zou sets `project_status_id` of a new project to the \"Open\" status; Clapboard leaves it null.",
    "Zou fills `created_by` with the caller on POST /data/entities (and playlists); Clapboard leaves it null, "
    "also when the caller is a person logged in through /auth/login.",
    "Zou's integrity-error 400 bodies carry the raw SQL error text (e.g. DELETE of a task with news); "
    "Clapboard's carry a sanitised message.",
)


# -- COMPARED.md -----------------------------------------------------------------------------


def _request_line(sample) -> str:
    path = sample.path_template
    line = f"`{sample.method} {path}`"
    if sample.query:
        line += " `?" + "&".join(f"{k}={v}" for k, v in sample.query.items()) + "`"
    if sample.request_body is not None:
        body = json.dumps(sample.request_body, ensure_ascii=False)
        line += f" body `{body if len(body) <= 90 else body[:87] + '...'}`"
    return line


def _report_order(sample) -> tuple:
    """Grouped by model, then create, read, list, update, delete; errors after the normal case."""

    rank = {"POST": 0, "GET": 1, "PUT": 3, "DELETE": 4}[sample.method]
    if sample.method == "GET" and not sample.is_item:
        rank = 2
    return sample.crud_path, rank, sample.status >= 400, sample.variant


def compare_with_clapboard(names: list[str]) -> list[tuple]:
    """Replay the named anchor samples on an in-process app; ``[(sample, our status, diffs)]``."""

    from clapboard.testing import AppFactory

    from .replay import Replay
    from .shapes import compare
    from .test_zou_samples import FAST_PASSWORDS

    app = AppFactory(Path(tempfile.mkdtemp(prefix="clapboard-anchor-")), [])(config={"plugins": {"auth": FAST_PASSWORDS}})
    try:
        results = []
        wanted = set(names)
        for sample in load_samples():
            if sample.name not in wanted:
                continue
            status, body = Replay(app).run(sample)
            results.append((sample, status, compare(sample.status, sample.response_body, status, body)))
        return results
    finally:
        app.close()


def write_report(results, zou_version: str, date: str, path: Path = HERE / "COMPARED.md") -> None:
    import clapboard

    from .test_zou_samples import ALLOWED, KNOWN_MISMATCHES

    same = sum(1 for _, _, diffs in results if not diffs)
    lines = [
        "# Generic CRUD: Clapboard side by side with a real Zou",
        "",
        f"- Date: {date}",
        f"- Zou: {zou_version} (PyPI `zou`, the local anchor from `/work/shared/anchors/zou`, admin token)",
        f"- Clapboard: {clapboard.__version__}, in-process app on SQLite, admin test actor; each request replayed by",
        "  `tests/contract/replay.py` (Zou's ids mapped to fresh Clapboard rows, bodies and filters reused).",
        "- Compared: status code; top-level keys (lists: first item; page envelopes: envelope + first item);",
        "  JSON type per key (null matches anything); the `type` value; date/time formats.",
        f"- Result: {len(results)} requests, {same} same, {len(results) - same} differ.",
        "- The raw Zou answers are the `zou_samples/*.anchor.json` fixtures; `test_zou_samples.py` checks them",
        "  offline. Differences are listed there as `ALLOWED` (legitimate) or `KNOWN_MISMATCHES` (to fix).",
        "- Regenerate: start the anchor, `python -m tests.contract.anchor`, stop the anchor.",
        "",
        "| # | Case | Request | Zou | Clapboard | Result |",
        "|---|---|---|---|---|---|",
    ]
    for number, (sample, status, diffs) in enumerate(results, 1):
        if not diffs:
            verdict = "same"
        else:
            notes = []
            for diff in diffs:
                why = ALLOWED.get(sample.name, {}).get(diff)
                tag = "allowed" if why else ("known mismatch" if diff in KNOWN_MISMATCHES.get(sample.name, {})
                                             else "NEW")
                notes.append(f"{diff} ({tag})")
            verdict = "differs: " + "; ".join(notes)
        lines.append(f"| {number} | {sample.variant or '-'} | {_request_line(sample)} | {sample.status} | {status} | "
                     f"{verdict.replace('|', '/')} |")
    groups: dict[tuple[str, str], list[int]] = {}
    for number, (sample, _, diffs) in enumerate(results, 1):
        for diff in diffs:
            why = ALLOWED.get(sample.name, {}).get(diff) or next(
                (r for p, r in ALLOWED.get(sample.name, {}).items() if p.endswith("*") and diff.startswith(p[:-1])),
                None)
            kind = "allowed" if why else "known mismatch"
            why = why or KNOWN_MISMATCHES.get(sample.name, {}).get(diff, "NEW: not yet listed in the tests")
            groups.setdefault((kind, why), []).append(number)
    if groups:
        lines += ["", "## Differences by cause", "", "| Kind | Cause | Requests (#) |", "|---|---|---|"]
        for (kind, why), numbers in sorted(groups.items()):
            lines.append(f"| {kind} | {why} | {', '.join(str(n) for n in sorted(set(numbers)))} |")
    lines += ["", "## Beyond shapes (values, not checked by the tests)", ""] + [f"- {note}" for note in NOTES]
    lines.append("")
    path.write_text("\n".join(lines))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zou", default="http://127.0.0.1:5000")
    parser.add_argument("--date", default=time.strftime("%Y-%m-%d"))
    parser.add_argument("--report-only", action="store_true", help="compare the saved anchor samples only")
    args = parser.parse_args(argv)
    if args.report_only:
        names = sorted(p.name for p in SAMPLES_DIR.glob("*.anchor.json"))
        version = "1.0.97"
    else:
        z = Zou(args.zou)
        _, about = z.call("GET", "/")
        version = about.get("version", "?") if isinstance(about, dict) else "?"
        z.login()
        for old in SAMPLES_DIR.glob("*.anchor.json"):
            old.unlink()
        scenario(z, tag=time.strftime("%H%M%S"))
        names = z.recorded
    results = sorted(compare_with_clapboard(names), key=lambda r: _report_order(r[0]))
    write_report(results, version, args.date)
    print(f"{len(results)} compared; report in {HERE / 'COMPARED.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["Zou", "scenario"]
