"""Signature checks of the webhook module."""

import hashlib
import hmac
import time

from app.webhook import authentic


def sign(stamp: int, body: bytes, key: bytes = b"k") -> str:
    return f"t={stamp},v1=" + hmac.new(key, f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()


def test_signed_now_is_authentic(monkeypatch):
    monkeypatch.setenv("ASSAY_SERVICE_PAYMENTS_SECRET", "k")
    assert authentic(sign(int(time.time()), b"{}"), b"{}")


def test_old_or_forged_is_not(monkeypatch):
    monkeypatch.setenv("ASSAY_SERVICE_PAYMENTS_SECRET", "k")
    now = int(time.time())
    assert not authentic(sign(now - 900, b"{}"), b"{}")
    assert not authentic(sign(now, b"{}", key=b"x"), b"{}")
    assert not authentic("", b"{}")
