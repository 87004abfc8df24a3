"""Project templates through the published gazu client against a real server (waitress).

A template is taken from a configured production and another is built through
the API (gazu has no template functions: raw ``gazu.client`` calls on Zou's
routes); a new production made with gazu gets a template applied, and gazu's
own project functions read the template's settings back on it: task types in
the template's order, task statuses, asset types, status automations, preview
backgrounds and metadata descriptors. Applying again duplicates nothing.
"""

from __future__ import annotations

import gazu


def _configured_production(c) -> dict:
    """A production set up with gazu's own calls: what a studio would turn into a template."""

    project = gazu.project.new_project("Pilot", client=c)
    layout = gazu.task.get_task_type_by_name("Layout", client=c)
    animation = gazu.task.get_task_type_by_name("Animation", client=c)
    gazu.project.add_task_type(project, animation, 1, client=c)
    gazu.project.add_task_type(project, layout, 2, client=c)
    gazu.project.add_task_status(project, gazu.task.get_task_status_by_short_name("wip", client=c), client=c)
    gazu.project.add_asset_type(project, gazu.asset.new_asset_type("Vehicle", client=c), client=c)
    automation = gazu.client.create("status-automations", {
        "entity_type": "shot", "in_task_type_id": layout["id"],
        "in_task_status_id": gazu.task.get_task_status_by_short_name("done", client=c)["id"],
        "out_field_type": "status", "out_task_type_id": animation["id"],
        "out_task_status_id": gazu.task.get_task_status_by_short_name("todo", client=c)["id"]}, client=c)
    gazu.project.add_status_automation(project, {"status_automation_id": automation["id"]}, client=c)
    background = gazu.client.create("preview-background-files", {"name": "Studio grey"}, client=c)
    gazu.project.add_preview_background_file(project, {"preview_background_file_id": background["id"]}, client=c)
    gazu.project.add_metadata_descriptor(project, "Camera", "Shot", client=c)
    gazu.project.add_metadata_descriptor(project, "Difficulty", "Shot", data_type="list",
                                         choices=["easy", "hard"], client=c)
    return {"project": project, "automation": automation, "background": background}


def test_a_project_made_from_a_template_has_its_settings(gazu_session):
    c = gazu_session.client
    source = _configured_production(c)
    template = gazu.client.post(f"data/project-templates/from-project/{source['project']['id']}",
                                {"name": "Pilot settings"}, client=c)
    assert template["type"] == "ProjectTemplate" and template["name"] == "Pilot settings"
    assert [d["field_name"] for d in template["metadata_descriptors"]] == ["camera", "difficulty"]
    assert [t["name"] for t in gazu.client.get(f"data/project-templates/{template['id']}/task-types",
                                               client=c)] == ["Animation", "Layout"]
    assert gazu.client.fetch_one("project-templates", template["id"], client=c)["asset_types"]

    show = gazu.project.new_project("Season 2", client=c)
    applied = gazu.client.post(f"data/projects/{show['id']}/apply-template/{template['id']}", {}, client=c)
    assert applied["id"] == show["id"] and "metadata_descriptors_skipped" not in applied
    gazu.client.post(f"data/projects/{show['id']}/apply-template/{template['id']}", {}, client=c)  # no duplicates

    gazu.cache.clear_all()
    show = gazu.project.get_project(show["id"], client=c)
    assert [t["name"] for t in gazu.project.get_project_task_types(show, client=c)] == ["Animation", "Layout"]
    assert [s["short_name"] for s in gazu.project.get_project_task_statuses(show, client=c)] == ["wip"]
    assert show["asset_types"] == [gazu.asset.get_asset_type_by_name("Vehicle", client=c)["id"]]
    assert [a["id"] for a in gazu.project.all_status_automations(show, client=c)] == [source["automation"]["id"]]
    assert [b["id"] for b in gazu.project.get_preview_background_files(show, client=c)] == [
        source["background"]["id"]]
    descriptors = gazu.project.all_metadata_descriptors(show, client=c)
    assert [(d["field_name"], d["entity_type"], d["choices"]) for d in descriptors] == [
        ("camera", "Shot", []), ("difficulty", "Shot", ["easy", "hard"])]


def test_a_template_built_through_the_api_then_applied(gazu_session):
    c = gazu_session.client
    template = gazu.client.create("project-templates", {"name": "Commercials", "fps": "30",
                                                        "production_type": "short"}, client=c)
    base = f"data/project-templates/{template['id']}"
    storyboard = gazu.task.new_task_type("Storyboard", for_entity="Shot", client=c)
    compositing = gazu.task.new_task_type("Compositing", for_entity="Shot", client=c)
    gazu.client.post(f"{base}/task-types", {"task_type_id": storyboard["id"]}, client=c)
    gazu.client.post(f"{base}/task-types", {"task_type_id": compositing["id"]}, client=c)
    links = gazu.client.post(f"actions/project-templates/{template['id']}/task-types/reorder",
                             {"task_type_ids": [compositing["id"], storyboard["id"]]}, client=c)
    assert [link["priority"] for link in links] == [1, 2]
    retake = gazu.task.get_task_status_by_short_name("retake", client=c)
    gazu.client.post(f"{base}/task-statuses", {"task_status_id": retake["id"]}, client=c)
    gazu.client.put(f"{base}/metadata-descriptors", {"metadata_descriptors": [
        {"entity_type": "Shot", "name": "Client notes", "data_type": "textarea", "for_client": True}]}, client=c)

    spot = gazu.project.new_project("Spring spot", client=c)
    gazu.client.post(f"data/projects/{spot['id']}/apply-template/{template['id']}", {}, client=c)
    gazu.cache.clear_all()
    spot = gazu.project.get_project(spot["id"], client=c)
    assert spot["fps"] == "30"
    assert [t["name"] for t in gazu.project.get_project_task_types(spot, client=c)] == ["Compositing", "Storyboard"]
    assert [s["short_name"] for s in gazu.project.get_project_task_statuses(spot, client=c)] == ["retake"]
    [notes] = gazu.project.all_metadata_descriptors(spot, client=c)
    assert (notes["field_name"], notes["data_type"], notes["for_client"]) == ("client_notes", "textarea", True)
