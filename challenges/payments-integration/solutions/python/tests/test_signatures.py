"""Our own checks of the webhook signature rules (no service needed)."""

import hashlib
import hmac

import pytest

from app import signatures

SECRET = "test-secret"
BODY = b'{"id":"evt_1","type":"payment.succeeded"}'


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("ASSAY_SERVICE_PAYMENTS_SECRET", SECRET)


def header(stamp, body=BODY, key=SECRET):
    digest = hmac.new(key.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def test_a_fresh_signature_passes():
    signatures.verify(header(1000), BODY, now=1100)


@pytest.mark.parametrize(
    "given",
    [None, "", "t=1000", header(1000, key="other"), header(1000, body=b"{}"), header(600)],
    ids=["missing", "empty", "no-v1", "other-key", "other-body", "too-old"],
)
def test_a_bad_or_stale_signature_is_refused(given):
    with pytest.raises(signatures.BadSignature):
        signatures.verify(given, BODY, now=1000)
