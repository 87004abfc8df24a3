"""The OpenAPI document: valid 3.1, one operation per route and method."""

import pytest
from openapi_spec_validator import validate

from clapboard.openapi import build_openapi
from clapboard.testing import make_client

from .sample_plugin import SamplePlugin


@pytest.fixture
def sample_app(make_app):
    return make_app(extra=[SamplePlugin()])


@pytest.mark.parametrize("path", ["/openapi.json", "/api/openapi.json"])
def test_served_document_is_valid_openapi_3_1(sample_app, path):
    result = make_client(sample_app, role=None).simulate_get(path)
    assert result.status_code == 200
    document = result.json
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_route_and_method_has_an_operation(sample_app):
    document = build_openapi(sample_app)
    operation_ids = []
    for route in sample_app.routes:
        item = document["paths"][route.openapi_path()]
        for method in route.methods():
            operation = item[method.lower()]
            assert operation["summary"]
            assert operation["responses"]
            operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))


def test_plugin_routes_carry_their_schemas_and_actions(sample_app):
    document = build_openapi(sample_app)
    post = document["paths"]["/plugins/sample/notes"]["post"]
    assert post["summary"] == "Add a note"
    assert post["tags"] == ["sample"]
    assert post["x-clapboard-action"] == "sample.notes.create"
    assert post["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/sample.note"}
    assert "201" in post["responses"]
    assert document["components"]["schemas"]["sample.note"]["required"] == ["text"]
    assert post["security"] and document["paths"]["/status"]["get"]["security"] == []


def test_cross_file_refs_are_rewritten_to_components(make_app):
    from clapboard import Route, hookimpl, operation

    class Thing:
        @operation(summary="Make a thing", request_schema="refs/thing")
        def on_post(self, req, resp):
            pass

    class Refs:
        __clapboard_name__ = "refs"

        @hookimpl
        def register_schemas(self):
            return {
                "refs/common": {"$defs": {"id": {"type": "string", "format": "uuid"}}},
                "refs/thing": {"type": "object", "properties": {
                    "id": {"$ref": "common.json#/$defs/id"}, "self": {"$ref": "#"}}},
            }

        @hookimpl
        def register_routes(self):
            return [Route("/plugins/refs/things", Thing())]

    document = build_openapi(make_app(plugins=[], extra=[Refs()]))
    thing = document["components"]["schemas"]["refs.thing"]
    assert thing["properties"]["id"] == {"$ref": "#/components/schemas/refs.common/$defs/id"}
    assert thing["properties"]["self"] == {"$ref": "#/components/schemas/refs.thing"}
    validate(document)


def test_a_multipart_body_is_documented_with_its_media_type(make_app):
    from clapboard import Route, hookimpl, operation

    class Upload:
        @operation(summary="Upload a file", request_schema="uploads/file", request_content_type="multipart/form-data")
        def on_post(self, req, resp):
            pass

    class Uploads:
        __clapboard_name__ = "uploads"

        @hookimpl
        def register_schemas(self):
            return {"uploads/file": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}

        @hookimpl
        def register_routes(self):
            return [Route("/plugins/uploads/files", Upload())]

    document = build_openapi(make_app(plugins=[], extra=[Uploads()]))
    body = document["paths"]["/plugins/uploads/files"]["post"]["requestBody"]["content"]
    assert body == {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/uploads.file"}}}
    validate(document)


def test_apidocs_page_links_local_swagger_assets(sample_app):
    client = make_client(sample_app, role=None)
    page = client.simulate_get("/apidocs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="apidocs/static/swagger-ui-bundle.js"' in page.text
    assert 'url: "openapi.json"' in page.text
    slash = client.simulate_get("/api/apidocs/")
    assert 'src="static/swagger-ui-bundle.js"' in slash.text and 'url: "../openapi.json"' in slash.text
    for path in ("/apidocs/static/swagger-ui-bundle.js", "/api/apidocs/static/swagger-ui.css"):
        asset = client.simulate_get(path)
        assert asset.status_code == 200 and len(asset.content) > 10000
