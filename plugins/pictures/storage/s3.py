"""Objects in S3-compatible storage (AWS, MinIO, Ceph, Garage …), named as Zou names them.

Buckets are ``<s3_bucket_prefix>pictures|movies|files`` and keys
``<prefix>-<id>``, so a Zou and a Clapboard can share a store. Bytes never sit
whole in memory: uploads stream from the spooled file (multipart past
64 MiB), reads are ranged GETs handed on chunk by chunk.

The boto3 client is made on first use in each process: ``serve --workers``
forks from a built app, and a client (its connection pool) must not cross a
fork. One client per process serves every thread (boto3 clients are
thread-safe; the session that makes one is not, so each client gets its own
session under a lock). Empty keys in the settings leave boto3 its own
search (``AWS_ACCESS_KEY_ID``…, ``~/.aws``, an instance role). An endpoint that
cannot be reached, or that refuses our credentials, is a 503 with a message,
never a 500.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from contextlib import contextmanager
from datetime import timezone
from pathlib import Path
from typing import Iterator

from clapboard.errors import ConfigError, ServiceUnavailable

from . import BUCKETS, CHUNK, Stored

log = logging.getLogger(__name__)

_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_MISSING = {"404", "NoSuchKey", "NotFound", "NoSuchBucket"}
_OWNED = {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}


class S3Storage:
    name = "s3"
    multipart_threshold = 64 * 1024 * 1024  # bigger files go up in parts, four at a time
    multipart_chunk = 16 * 1024 * 1024

    def __init__(self, settings: dict):
        self.endpoint = settings.get("s3_endpoint_url") or None
        self.region = settings.get("s3_region") or "us-east-1"
        self.access_key = settings.get("s3_access_key") or None
        self.secret_key = settings.get("s3_secret_key") or None
        self.create_buckets = bool(settings.get("s3_create_buckets", True))
        prefix = settings.get("s3_bucket_prefix") or ""
        self.buckets = {kind: prefix + kind for kind in BUCKETS}
        wrong = [b for b in self.buckets.values() if not _BUCKET_NAME.match(b) or ".." in b]
        if wrong:
            raise ConfigError(f"plugins.pictures.s3_bucket_prefix {prefix!r} gives invalid S3 bucket names "
                              f"{wrong}: lowercase letters, digits, '-' and '.', 3 to 63 characters.")
        self._clients: dict[int, object] = {}  # by process id: a forked worker makes its own
        self._locks: dict[int, threading.Lock] = {}
        self._ready: set[tuple[int, str]] = set()  # (process, bucket) known to exist

    # -- the Storage interface ------------------------------------------------

    def put(self, bucket, prefix, name, source: Path) -> None:
        from boto3.s3.transfer import TransferConfig

        target, key = self._bucket(bucket), _key(prefix, name)
        with self._endpoint("store"):
            self._ensure(target)
            if os.path.getsize(source) < self.multipart_threshold:  # one PUT, read from the file as it goes
                with open(source, "rb") as body:
                    self._client().put_object(Bucket=target, Key=key, Body=body)
                return
            self._client().upload_file(
                str(source), target, key,
                Config=TransferConfig(multipart_threshold=self.multipart_threshold,
                                      multipart_chunksize=self.multipart_chunk, max_concurrency=4))

    def stat(self, bucket, prefix, name) -> Stored | None:
        with self._endpoint("read"):
            try:
                head = self._client().head_object(Bucket=self._bucket(bucket), Key=_key(prefix, name))
            except _client_error() as exc:
                if _code(exc) in _MISSING:
                    return None
                raise
        tag = head["ETag"].removeprefix("W/").strip('"')
        modified = head["LastModified"].astimezone(timezone.utc).replace(microsecond=0)
        return Stored(int(head["ContentLength"]), modified, f'"{tag}"')

    def read(self, bucket, prefix, name, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        """The GET is sent here, before any byte is answered, so its failure is still a clean 503/404."""

        if length == 0:
            return iter(())
        extra = {}
        if start or length is not None:
            extra["Range"] = f"bytes={start}-" + ("" if length is None else str(start + length - 1))
        with self._endpoint("read"):
            try:
                answer = self._client().get_object(Bucket=self._bucket(bucket), Key=_key(prefix, name), **extra)
            except _client_error() as exc:
                if _code(exc) in _MISSING:
                    raise FileNotFoundError(f"{bucket}/{_key(prefix, name)}") from exc
                raise
        return _chunks(answer["Body"], f"{bucket}/{_key(prefix, name)}")

    def fetch(self, bucket, prefix, name, target: Path) -> None:
        with self._endpoint("read"):
            try:
                self._client().download_file(self._bucket(bucket), _key(prefix, name), str(target))
            except _client_error() as exc:
                if _code(exc) in _MISSING:
                    raise FileNotFoundError(f"{bucket}/{_key(prefix, name)}") from exc
                raise

    def delete(self, bucket, prefix, name) -> None:
        with self._endpoint("delete"):
            try:
                self._client().delete_object(Bucket=self._bucket(bucket), Key=_key(prefix, name))
            except _client_error() as exc:
                if _code(exc) not in _MISSING:
                    raise

    # -- clients and buckets --------------------------------------------------

    def _bucket(self, kind: str) -> str:
        try:
            return self.buckets[kind]
        except KeyError:
            raise ValueError(f"not a bucket: {kind!r}") from None

    def _client(self):
        pid = os.getpid()
        client = self._clients.get(pid)
        if client is not None:
            return client
        with self._locks.setdefault(pid, threading.Lock()):  # a fresh lock in a forked child
            if pid not in self._clients:
                self._clients = {pid: self._new_client()}  # the parent's client is dropped, never used
            return self._clients[pid]

    def _new_client(self):
        import boto3
        from botocore.config import Config

        session = boto3.session.Session(aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
                                        region_name=self.region)
        config = Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"},
                        max_pool_connections=32, signature_version="s3v4",
                        s3={"addressing_style": "path" if self.endpoint else "auto"})
        client = session.client("s3", endpoint_url=self.endpoint, config=config)
        log.info("S3 client for %s made in process %d", self.endpoint or "AWS", os.getpid())
        return client

    def _ensure(self, bucket: str) -> None:
        """Create the bucket at its first write in this process, when the settings allow it."""

        key = (os.getpid(), bucket)
        if not self.create_buckets or key in self._ready:
            return
        client = self._client()
        try:
            client.head_bucket(Bucket=bucket)
        except _client_error() as exc:
            if _code(exc) not in _MISSING:
                raise
            options = {} if self.region == "us-east-1" else {
                "CreateBucketConfiguration": {"LocationConstraint": self.region}}
            try:
                client.create_bucket(Bucket=bucket, **options)
                log.info("created the S3 bucket %s", bucket)
            except _client_error() as again:
                if _code(again) not in _OWNED:  # another process made it meanwhile
                    raise
        self._ready.add(key)

    @contextmanager
    def _endpoint(self, action: str):
        """Failures of the endpoint itself (down, refusing us, failing) as a 503 the client can act on."""

        from boto3.exceptions import S3UploadFailedError
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, PartialCredentialsError

        try:
            yield
        except (NoCredentialsError, PartialCredentialsError) as exc:
            log.warning("S3 %s at %s: %s", action, self.endpoint or "AWS", exc)
            raise ServiceUnavailable("The object storage has no credentials: set plugins.pictures.s3_access_key "
                                     "and s3_secret_key (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).") from exc
        except (ClientError, S3UploadFailedError) as exc:
            refusal = exc if isinstance(exc, ClientError) else exc.__context__  # uploads wrap the refusal
            code = _code(refusal) if isinstance(refusal, ClientError) else type(exc).__name__
            log.warning("S3 %s at %s failed: %s", action, self.endpoint or "AWS", exc)
            raise ServiceUnavailable(f"The object storage refused to {action} the file "
                                     f"({code}); try again, or check its settings.") from exc
        except BotoCoreError as exc:
            log.warning("S3 %s at %s failed: %s", action, self.endpoint or "AWS", exc)
            raise ServiceUnavailable(f"The object storage cannot be reached to {action} the file; "
                                     f"try again shortly.") from exc


def _key(prefix: str, name: str) -> str:
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"not an object name: {name!r}")
    return f"{prefix}-{name}"


def _client_error():
    from botocore.exceptions import ClientError

    return ClientError


def _code(exc) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _chunks(body, what: str) -> Iterator[bytes]:
    """The body in CHUNK pieces; the connection goes back to the pool when done or abandoned."""

    from botocore.exceptions import BotoCoreError

    try:
        yield from body.iter_chunks(CHUNK)
    except BotoCoreError as exc:  # the answer has begun: only closing the connection is left
        log.warning("S3 read of %s broke off: %s", what, exc)
        raise OSError(f"the object storage stopped sending {what}") from exc
    finally:
        body.close()
