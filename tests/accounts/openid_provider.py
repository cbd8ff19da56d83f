"""A real OpenID provider for the single sign-on tests: oidc-provider (npm), run by Node on loopback.

Its signing key is made here, so the tests can also sign ID tokens with the provider's own key (to show that
Assay refuses a validly signed token with the wrong audience, issuer, nonce or age) and with another key (a
bad signature). People sign in on its development login pages, driven over HTTP like a browser would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

HERE = Path(__file__).parent / "oidc_provider"
CLIENT_ID, CLIENT_SECRET = "assay-hiring", "provider-issued-client-secret"
REDIRECT_URI = "http://testserver/login/sso/callback/"
ACCOUNTS = {
    "alice": {"email": "alice@acme.test", "email_verified": True, "name": "Alice Adams"},
    "olive": {"email": "olive@acme.test", "email_verified": True, "name": "Olive Owner"},
    "unverified": {"email": "ursula@acme.test", "email_verified": False, "name": "Ursula"},
    "mallory": {"email": "mallory@elsewhere.test", "email_verified": True, "name": "Mallory"},
}
FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)


@dataclass
class OpenIDProvider:
    issuer: str
    key: RSAKey

    def token(self, key: RSAKey | None = None, **claims: Any) -> str:
        """An ID token signed with the provider's key (or ``key``), for ``alice`` unless claims say otherwise."""
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "alice",
            "iat": now,
            "exp": now + 300,
            "nonce": "the-nonce",
            **ACCOUNTS["alice"],
            **claims,
        }
        signer = key or self.key
        return jwt.encode({"alg": "RS256", "kid": signer.kid}, body, signer)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def sign_in(self, authorize_url: str, account: str) -> str:
        """Go through the provider's sign-in and consent pages as ``account``; the callback address it sends back."""
        with httpx.Client() as browser:
            answer = browser.get(authorize_url)
            for _ in range(10):
                location = answer.headers.get("location", "")
                if location.startswith(REDIRECT_URI):
                    return location
                if answer.is_redirect:
                    answer = browser.get(httpx.URL(str(answer.url)).join(location))
                    continue
                action, form = FORM.findall(answer.text)[0]
                fields = dict(re.findall(r'name="([^"]+)"\s+value="([^"]*)"', form))
                if 'name="login"' in form:
                    fields.update(login=account, password="any")
                answer = browser.post(action, data=fields)
        raise AssertionError("the provider never sent the browser back to Assay")


def _install() -> None:
    if (HERE / "node_modules" / "oidc-provider").is_dir():
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True, timeout=300)


@pytest.fixture(scope="session")
def openid_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIDProvider]:
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed to run the test OpenID provider; `make install` provides it")
    _install()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = RSAKey.generate_key(2048, parameters={"kid": "provider-key", "use": "sig", "alg": "RS256"})
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": REDIRECT_URI,
        "OIDC_JWKS": json.dumps({"keys": [key.as_dict(private=True)]}),
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
    }
    log = tmp_path_factory.mktemp("openid-provider") / "provider.log"
    with log.open("w") as out:
        server = subprocess.Popen(["node", "server.mjs"], cwd=HERE, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            if "ready" in log.read_text().split():
                break
            if server.poll() is not None:
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"the test OpenID provider did not start: {log.read_text()[-2000:]}")
        assert server.poll() is None, f"the test OpenID provider stopped: {log.read_text()[-2000:]}"
        yield OpenIDProvider(issuer=f"http://127.0.0.1:{port}", key=key)
    finally:
        server.terminate()
        server.wait(timeout=10)
