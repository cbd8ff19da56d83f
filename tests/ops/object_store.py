"""A real S3-compatible object store on loopback for the tests: versitygw (built by `make install` into the
virtualenv's tools/ from the Go module proxy) serving a folder, with a bucket and keys of the test's own."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx

from tests.ops.serving import free_port

VERSITYGW = Path(sys.executable).parents[1] / "tools" / "s3" / "bin" / "versitygw"


@dataclass
class ObjectStore:
    endpoint: str
    bucket: str
    access_key: str
    secret_key: str
    process: subprocess.Popen[bytes]

    def client(self) -> Any:
        """A plain S3 client, to look into the bucket without going through Assay."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
        )

    def object_keys(self) -> set[str]:
        listed = self.client().list_objects_v2(Bucket=self.bucket)
        return {item["Key"] for item in listed.get("Contents", [])}

    def env(self) -> dict[str, str]:
        """Assay's settings for this store (what an operator puts in the environment)."""
        return {
            "ASSAY_S3_BUCKET": self.bucket,
            "ASSAY_S3_ENDPOINT_URL": self.endpoint,
            "ASSAY_S3_REGION": "us-east-1",
            "ASSAY_S3_ACCESS_KEY_ID": self.access_key,
            "ASSAY_S3_SECRET_ACCESS_KEY": self.secret_key,
        }

    def storage_setting(self) -> dict[str, Any]:
        """The same, as the "artifacts" entry of STORAGES (for a test that changes settings in process)."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "region_name": "us-east-1",
                "access_key": self.access_key,
                "secret_key": self.secret_key,
                "default_acl": None,
                "querystring_auth": False,
                "file_overwrite": True,
            },
        }


@contextmanager
def running_object_store(folder: Path) -> Iterator[ObjectStore]:
    """Serve ``folder`` as an S3 endpoint on a free loopback port, with one empty bucket."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    access, secret = f"assay{secrets.token_hex(4)}", secrets.token_hex(16)
    log = (folder.parent / f"{folder.name}.log").open("wb")
    # The keys go by environment, not argv: other users of the machine can read a process's arguments.
    keys = {"ROOT_ACCESS_KEY_ID": access, "ROOT_SECRET_ACCESS_KEY": secret}
    process = subprocess.Popen(
        [str(VERSITYGW), "--port", f"127.0.0.1:{port}", "posix", str(folder)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **keys},
    )
    store = ObjectStore(f"http://127.0.0.1:{port}", "assay-files", access, secret, process)
    try:
        _wait_until_up(store)
        store.client().create_bucket(Bucket=store.bucket)
        yield store
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _wait_until_up(store: ObjectStore) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if store.process.poll() is not None:
            raise AssertionError(f"versitygw exited with {store.process.returncode}")
        try:
            httpx.get(store.endpoint, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("versitygw never answered")
