"""The storage contract, run on both backends: the local file system and a real S3-compatible server.

Both keep Zou's names (sharded paths on disk, ``<prefix>-<id>`` keys in
``<bucket prefix>pictures|movies|files`` buckets), store objects whole, read
them back in chunks from any byte, and treat a missing object alike.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import threading
import tracemalloc
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from clapboard.errors import ConfigError, ServiceUnavailable
from clapboard.plugins.pictures.storage import CHUNK
from clapboard.plugins.pictures.storage.local import LocalStorage
from clapboard.plugins.pictures.storage.s3 import S3Storage

from .s3server import s3_config

MiB = 1024 * 1024


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "store")
    return S3Storage(s3_config(request.getfixturevalue("s3_server")))


def raw_s3(server):
    """A plain boto3 client on the test server, to look at what the backend really stored."""

    import boto3

    return boto3.client("s3", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def source(tmp_path, data: bytes, name: str = "upload") -> Path:
    path = tmp_path / f"{name}-{uuid.uuid4().hex[:6]}"
    path.write_bytes(data)
    return path


def object_id() -> str:
    return str(uuid.uuid4())


def test_put_stat_read_fetch(storage, tmp_path):
    data, name = os.urandom(300_000) + b"end", object_id()
    before = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(seconds=1)
    storage.put("pictures", "original", name, source(tmp_path, data))
    found = storage.stat("pictures", "original", name)
    assert found.size == len(data)
    assert re.fullmatch(r'"[^"\s]+"', found.etag)  # quoted, strong
    assert found.modified.tzinfo is not None and found.modified.utcoffset() == timedelta(0)
    assert found.modified.microsecond == 0 and found.modified >= before
    assert b"".join(storage.read("pictures", "original", name)) == data
    storage.fetch("pictures", "original", name, tmp_path / "copy")
    assert (tmp_path / "copy").read_bytes() == data
    # The same name under another prefix or bucket is another object.
    assert storage.stat("pictures", "previews", name) is None
    assert storage.stat("movies", "original", name) is None


@pytest.mark.parametrize("start,length", [(0, 1), (1, 10), (CHUNK - 3, 7), (CHUNK, CHUNK + 5), (299_990, None),
                                          (299_999, 1), (123, 2 * CHUNK)])
def test_ranges(storage, tmp_path, start, length):
    data, name = os.urandom(300_000), object_id()
    storage.put("movies", "previews", name, source(tmp_path, data))
    chunks = list(storage.read("movies", "previews", name, start, length))
    assert b"".join(chunks) == data[start:None if length is None else start + length]
    assert all(0 < len(c) <= CHUNK for c in chunks)


def test_a_range_past_the_end_gives_the_rest(storage, tmp_path):
    data, name = b"0123456789", object_id()
    storage.put("files", "attachments", name, source(tmp_path, data))
    assert b"".join(storage.read("files", "attachments", name, 7, 100)) == b"789"
    assert b"".join(storage.read("files", "attachments", name, 3, 0)) == b""


def test_replace_whole(storage, tmp_path):
    name = object_id()
    storage.put("pictures", "thumbnails", name, source(tmp_path, b"first version, longer than the second"))
    first = storage.stat("pictures", "thumbnails", name)
    storage.put("pictures", "thumbnails", name, source(tmp_path, b"second"))
    second = storage.stat("pictures", "thumbnails", name)
    assert second.size == 6 and second.etag != first.etag
    assert b"".join(storage.read("pictures", "thumbnails", name)) == b"second"


def test_missing_and_delete(storage, tmp_path):
    name = object_id()
    assert storage.stat("pictures", "original", name) is None
    with pytest.raises(FileNotFoundError):
        b"".join(storage.read("pictures", "original", name))
    with pytest.raises(FileNotFoundError):
        storage.fetch("pictures", "original", name, tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()
    storage.delete("pictures", "original", name)  # nothing to delete: no error
    storage.put("pictures", "original", name, source(tmp_path, b"x"))
    storage.delete("pictures", "original", name)
    assert storage.stat("pictures", "original", name) is None
    storage.delete("pictures", "original", name)  # twice: still no error


@pytest.mark.parametrize("name", ["", "a/b", "../etc", ".hidden"])
def test_names_are_never_paths(storage, tmp_path, name):
    with pytest.raises(ValueError):
        storage.put("pictures", "original", name, source(tmp_path, b"x"))


def test_local_layout_is_zous(tmp_path):
    storage, name = LocalStorage(tmp_path / "store"), "c1a2b3d4-0000-4000-8000-000000000001"
    storage.put("movies", "lowdef", name, source(tmp_path, b"movie"))
    assert (tmp_path / "store/movies/lowdef/c1a/2b3" / name).read_bytes() == b"movie"
    assert [p.name for p in (tmp_path / "store").rglob("*") if p.is_file()] == [name]  # no temporary left


def test_s3_keys_are_zous(s3_server, tmp_path):
    settings = s3_config(s3_server)
    storage, name = S3Storage(settings), object_id()
    storage.put("pictures", "thumbnails-square", name, source(tmp_path, b"square"))
    storage.put("files", "attachments", name, source(tmp_path, b"attached"))
    client, prefix = raw_s3(s3_server), settings["s3_bucket_prefix"]
    buckets = {b["Name"] for b in client.list_buckets()["Buckets"] if b["Name"].startswith(prefix)}
    assert buckets == {prefix + "pictures", prefix + "files"}  # made at the first write of each
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=prefix + "pictures")["Contents"]]
    assert keys == [f"thumbnails-square-{name}"]
    attached = client.get_object(Bucket=prefix + "files", Key=f"attachments-{name}")["Body"].read()
    assert attached == b"attached"
    # Under the multipart threshold: one plain PUT, whose entity tag is the content's MD5.
    assert storage.stat("files", "attachments", name).etag == f'"{hashlib.md5(b"attached").hexdigest()}"'


def test_big_object_in_chunks_without_holding_it(storage, tmp_path):
    """20 MiB up (in parts on S3) and back: chunk by chunk, never the whole object in memory."""

    if isinstance(storage, S3Storage):
        storage.multipart_threshold, storage.multipart_chunk = 8 * MiB, 8 * MiB
    name, path = object_id(), tmp_path / "big"
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        for _ in range(20):
            block = os.urandom(MiB)
            digest.update(block)
            out.write(block)
    storage.put("movies", "source", name, path)
    found = storage.stat("movies", "source", name)
    assert found.size == 20 * MiB
    if isinstance(storage, S3Storage):
        assert re.fullmatch(r'"[0-9a-f]{32}-3"', found.etag)  # three parts, still a quoted strong tag
    back, sizes = hashlib.sha256(), []
    tracemalloc.start()
    try:
        for chunk in storage.read("movies", "source", name):
            sizes.append(len(chunk))
            back.update(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert back.hexdigest() == digest.hexdigest()
    assert max(sizes) <= CHUNK and len(sizes) >= 20 * MiB // CHUNK
    assert peak < 4 * MiB, f"reading held {peak} bytes at once"


def test_one_client_for_every_thread(s3_server, tmp_path):
    storage, seen, failures = S3Storage(s3_config(s3_server)), [], []

    def work(index):
        try:
            name = object_id()
            storage.put("pictures", "previews", name, source(tmp_path, f"thread {index}".encode(), str(index)))
            assert b"".join(storage.read("pictures", "previews", name)) == f"thread {index}".encode()
            seen.append(storage._client())
        except Exception as exc:  # reported below, with the thread's index
            failures.append((index, exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len({id(c) for c in seen}) == 1


def _child_put(storage, path, name, answers):
    try:
        storage.put("pictures", "original", name, path)
        answers.put((os.getpid(), list(storage._clients), storage.stat("pictures", "original", name).size))
    except Exception as exc:
        answers.put(repr(exc))


def test_a_forked_worker_makes_its_own_client(s3_server, tmp_path):
    """``serve --workers`` forks from a built app: a child never uses the parent's client (or its sockets)."""

    storage = S3Storage(s3_config(s3_server))
    storage.put("pictures", "original", object_id(), source(tmp_path, b"parent"))  # the parent has a client
    fork = multiprocessing.get_context("fork")
    answers, name = fork.Queue(), object_id()
    child = fork.Process(target=_child_put, args=(storage, source(tmp_path, b"child"), name, answers))
    child.start()
    answer = answers.get(timeout=60)
    child.join(timeout=30)
    assert answer == (child.pid, [child.pid], 5)
    assert storage.stat("pictures", "original", name).size == 5  # what the child stored, seen by the parent
    assert list(storage._clients) == [os.getpid()]


def test_without_bucket_creation(s3_server, tmp_path):
    storage = S3Storage(s3_config(s3_server, s3_create_buckets=False))
    name = object_id()
    assert storage.stat("pictures", "original", name) is None  # no bucket: no object
    storage.delete("pictures", "original", name)
    with pytest.raises(ServiceUnavailable, match="NoSuchBucket"):
        storage.put("pictures", "original", name, source(tmp_path, b"x"))


def test_unreachable_endpoint_is_503(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    settings = {"s3_endpoint_url": f"http://127.0.0.1:{port}", "s3_access_key": "testing",
                "s3_secret_key": "testing", "s3_bucket_prefix": "gone-"}
    storage = S3Storage(settings)
    for call in (lambda: storage.stat("pictures", "original", "abc"),
                 lambda: storage.read("pictures", "original", "abc"),
                 lambda: storage.put("pictures", "original", "abc", source(tmp_path, b"x")),
                 lambda: storage.delete("pictures", "original", "abc")):
        with pytest.raises(ServiceUnavailable, match="cannot be reached") as caught:
            call()
        assert caught.value.status == 503


@pytest.mark.parametrize("prefix", ["Studio_", "a" * 60, "-x"])
def test_bucket_names_are_checked_at_start(prefix):
    with pytest.raises(ConfigError, match="s3_bucket_prefix"):
        S3Storage({"s3_bucket_prefix": prefix})


def test_no_credentials_is_a_503_that_says_so(s3_server, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    storage = S3Storage(s3_config(s3_server, s3_access_key="", s3_secret_key=""))
    with pytest.raises(ServiceUnavailable, match="no credentials: set plugins.pictures.s3_access_key"):
        storage.stat("pictures", "original", object_id())
