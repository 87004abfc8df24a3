"""The production's life after its breakdown: casting, asset instances, assignments, comments, previews."""

from __future__ import annotations

from . import plan
from .api import ApiError
from .png import gradient_png, multipart
from .pool import post_job, put_job

ASSIGN_BATCH = 100


def run(seeder) -> None:
    casting(seeder)
    instances(seeder)
    assignments(seeder)
    comments(seeder)
    previews(seeder)


def casting(seeder) -> None:
    out = seeder.out
    with seeder.step("casting"):
        path = f"/data/projects/{out.project_id}/entities/{{}}/casting"
        jobs, cast = [], {}
        for index, shot_id in enumerate(out.shot_ids):
            cast[shot_id] = plan.casting_for(index, out.asset_ids)
            jobs.append(put_job(path.format(shot_id), cast[shot_id]))
        answers = seeder.pool.map("PUT /data/projects/{id}/entities/{id}/casting", jobs)
        out.cast_shot_ids = [s for s, answer in zip(out.shot_ids, answers) if answer is not None and cast[s]]
        out.casting_links = sum(len(cast[s]) for s in out.cast_shot_ids)
        seeder.cast = cast


def instances(seeder) -> None:
    """Instances of the first cast assets, each used in up to ``INSTANCED_SHOTS`` shots casting it."""

    out = seeder.out
    with seeder.step("asset instances"):
        shots_of: dict[str, list[str]] = {}
        for shot_id in out.cast_shot_ids:
            for link in seeder.cast[shot_id]:
                shots_of.setdefault(link["asset_id"], []).append(shot_id)
        assets = [a for a in out.asset_ids if a in shots_of][:seeder.size.instanced_assets]
        created = seeder.pool.map("POST /data/asset-instances", [
            post_job("/data/asset-instances", {"asset_id": a, "name": f"{out.asset_names.get(a, 'asset')}_0001",
                                            "number": 1, "description": "bench instance"}) for a in assets])
        jobs, instanced = [], set()
        for asset_id, instance in zip(assets, created):
            if instance:
                for shot_id in shots_of[asset_id][:plan.INSTANCED_SHOTS]:
                    jobs.append(post_job(f"/data/shots/{shot_id}/asset-instances", {"asset_instance_id": instance["id"]}))
                    instanced.add(asset_id)
        answers = seeder.pool.map("POST /data/shots/{id}/asset-instances", jobs)
        out.instanced_asset_ids = [a for a in assets if a in instanced]
        out.asset_instance_links = sum(1 for a in answers if a is not None)


def assignments(seeder) -> None:
    """One task in two, spread over the team, in batches (``PUT /actions/persons/{id}/assign``)."""

    out = seeder.out
    with seeder.step("assignments"):
        chosen = out.task_ids[::2]
        persons = out.person_ids or []
        by_person: dict[str, list[str]] = {p: [] for p in persons}
        for index, task_id in enumerate(chosen):
            if persons:
                by_person[persons[index % len(persons)]].append(task_id)
        jobs, sizes = [], []
        for person_id, task_ids in by_person.items():
            for start in range(0, len(task_ids), ASSIGN_BATCH):
                batch = task_ids[start:start + ASSIGN_BATCH]
                jobs.append(put_job(f"/actions/persons/{person_id}/assign", {"task_ids": batch}))
                sizes.append(len(batch))
        answers = seeder.pool.map("PUT /actions/persons/{id}/assign", jobs)
        out.assigned_tasks = sum(n for n, a in zip(sizes, answers) if a is not None)


def comments(seeder) -> None:
    """One task in ten gets a comment that changes its status."""

    out = seeder.out
    with seeder.step("comments"):
        statuses = [out.task_status_ids[s] for s in plan.COMMENT_STATUSES if s in out.task_status_ids]
        chosen = out.task_ids[5::10]
        jobs = [post_job(f"/actions/tasks/{task_id}/comment", {
            "task_status_id": statuses[i % len(statuses)], "comment": f"Bench note {i}: see frame {1001 + i % 90}",
        }) for i, task_id in enumerate(chosen)]
        answers = seeder.pool.map("POST /actions/tasks/{id}/comment", jobs)
        seeder.commented = [(t, a["id"]) for t, a in zip(chosen, answers) if a]
        out.comments = len(seeder.commented)


def previews(seeder) -> None:
    """A few picture previews (for the thumbnail scenario); skipped with a note where unsupported."""

    out, conn = seeder.out, seeder.conn
    with seeder.step("previews"):
        for index, (task_id, comment_id) in enumerate(seeder.commented[:seeder.size.previews]):
            try:
                preview = conn.post(f"/actions/tasks/{task_id}/comments/{comment_id}/add-preview", {})
                body, content_type = multipart("file", f"frame{index}.png", gradient_png(seed=index))
                status, answer = conn.request("POST", f"/pictures/preview-files/{preview['id']}", raw=body,
                                              headers={"Content-Type": content_type})
                if not 200 <= status < 300:
                    raise ApiError("POST", "/pictures/preview-files/{id}", status, answer)
            except ApiError as exc:
                route = str(exc).split(":")[0]
                out.previews_note = f"{route} answered {exc.status}: picture previews are not served here"
                seeder.log(f"  ({out.previews_note})")
                return
            out.preview_file_ids.append(preview["id"])

