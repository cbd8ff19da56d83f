"""Secrets Assay must use again later (an AI endpoint's key, a single sign-on client secret) stored encrypted.

Each purpose has its own Fernet key: the operator's setting when given, else one derived from the secret key
and the purpose, so a leaked row of one kind never decrypts another kind. Changing the secret key makes the
stored secrets unreadable; they then read as empty and an owner enters them again.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet(purpose: str, configured: str = "") -> Fernet:
    if configured:
        return Fernet(configured.encode())
    digest = hashlib.sha256(f"assay.{purpose}:".encode() + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(purpose: str, secret: str, configured: str = "") -> str:
    return _fernet(purpose, configured).encrypt(secret.encode()).decode() if secret else ""


def decrypt(purpose: str, token: str, configured: str = "") -> str:
    """The stored secret; empty when none is stored or it was encrypted under another key."""
    if not token:
        return ""
    try:
        return _fernet(purpose, configured).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
