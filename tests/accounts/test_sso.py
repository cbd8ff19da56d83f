"""Single sign-on per organization against a real OpenID provider (oidc-provider from npm, on loopback).

The browser's two legs go through Assay's pages with Django's test client; the provider's own sign-in pages
are walked over HTTP. Refusals that a well-behaved provider never produces (a token for another audience,
signed by another key, expired) are ID tokens signed here with the provider's own key or a stranger's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from joserfc.jwk import RSAKey

from assay.accounts.models import Membership, SingleSignOn, SsoIdentity, User
from assay.accounts.roles import Role
from assay.accounts.sso import services
from assay.accounts.sso.tokens import Refused, identity, verify
from tests.accounts.openid_provider import CLIENT_ID, CLIENT_SECRET, OpenIDProvider, openid_provider  # noqa: F401
from tests.conftest import Team, make_user


@pytest.fixture
def sso(team: Team, openid_provider: OpenIDProvider, settings: Any) -> SingleSignOn:  # noqa: F811
    settings.SITE_URL = "http://testserver"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return services.save(
        team.actor("owner"),
        enabled=True,
        issuer=openid_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        allowed_domains=["acme.test"],
        default_role=Role.REVIEWER,
    )


def start(browser: Client, email: str = "someone@acme.test") -> str:
    """Assay's first leg: the provider's authorization address it sends the browser to."""
    answer = browser.post("/login/sso/", {"email": email})
    assert answer.status_code == 302, answer.content
    return str(answer["Location"])


def round_trip(browser: Client, provider: OpenIDProvider, account: str, **tamper: str) -> Any:
    authorize = start(browser, f"{account}@acme.test")
    callback = urlsplit(provider.sign_in(authorize, account))
    params = {name: values[0] for name, values in parse_qs(callback.query).items()} | tamper
    return browser.get(callback.path, params)


def test_a_new_person_from_an_allowed_domain_joins_with_the_default_role_then_signs_in_by_subject(
    team: Team,
    sso: SingleSignOn,
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    browser = Client()
    authorize = start(browser, "alice@acme.test")
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["client_id"] == [CLIENT_ID]
    assert "code_verifier" not in query  # the verifier never leaves Assay until the code exchange

    callback = urlsplit(openid_provider.sign_in(authorize, "alice"))
    answer = browser.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    assert answer.status_code == 302 and answer["Location"] == "/", answer.content.decode()[-1500:]
    alice = User.objects.get(email="alice@acme.test")
    assert not alice.has_usable_password() and alice.name == "Alice Adams"
    assert Membership.objects.get(user=alice, organization=team.organization).role == Role.REVIEWER
    assert browser.get("/").status_code == 200

    again = Client()
    assert round_trip(again, openid_provider, "alice").status_code == 302
    assert SsoIdentity.objects.filter(user=alice).count() == 1


def test_an_existing_password_account_is_linked_only_after_its_password_sign_in(
    team: Team,
    sso: SingleSignOn,
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    olive = make_user("olive@acme.test", password="olive's own password")
    browser = Client()
    answer = round_trip(browser, openid_provider, "olive")
    assert answer.status_code == 302 and answer["Location"] == "/login/?email=olive%40acme.test"
    assert "_auth_user_id" not in browser.session  # not signed in: the provider named the email, nothing more
    assert not SsoIdentity.objects.filter(user=olive).exists()
    page = browser.get(answer["Location"]).content.decode()
    assert "Sign in with its password once to link it" in page

    wrong = browser.post("/login/", {"email": "olive@acme.test", "password": "not hers"})
    assert wrong.status_code == 401 and not SsoIdentity.objects.filter(user=olive).exists()
    signed = browser.post("/login/", {"email": "olive@acme.test", "password": "olive's own password"})
    assert signed.status_code == 302
    assert SsoIdentity.objects.get(user=olive).subject == "olive"

    later = Client()
    assert round_trip(later, openid_provider, "olive").status_code == 302
    assert int(later.session["_auth_user_id"]) == olive.pk
    assert Membership.objects.get(user=olive, organization=team.organization).role == Role.REVIEWER


def test_an_email_the_provider_has_not_verified_is_refused(
    sso: SingleSignOn,
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    browser = Client()
    answer = round_trip(browser, openid_provider, "unverified")
    assert answer.status_code == 401 and "has not verified ursula@acme.test" in answer.content.decode()
    assert not User.objects.filter(email="ursula@acme.test").exists()
    assert "_auth_user_id" not in browser.session


def test_an_email_of_a_domain_not_allowed_to_join_makes_no_account(
    sso: SingleSignOn,
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    browser = Client()
    authorize = browser.get(f"/login/sso/{sso.organization.slug}/")["Location"]
    callback = urlsplit(openid_provider.sign_in(authorize, "mallory"))
    answer = browser.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    assert answer.status_code == 401 and "ask an owner to invite you" in answer.content.decode()
    assert not User.objects.filter(email="mallory@elsewhere.test").exists()


def test_an_answer_with_another_state_is_refused(
    sso: SingleSignOn,
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    browser = Client()
    answer = round_trip(browser, openid_provider, "alice", state="forged-state")
    assert answer.status_code == 401 and "its state differs" in answer.content.decode()
    assert not User.objects.filter(email="alice@acme.test").exists()
    replay = browser.get("/login/sso/callback/", {"code": "x", "state": "forged-state"})
    assert replay.status_code == 401 and "not started here" in replay.content.decode()


def test_a_token_for_another_sign_in_is_refused_by_its_nonce(
    sso: SingleSignOn,
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    browser = Client()
    authorize = start(browser, "alice@acme.test")
    session = browser.session
    session[services.SESSION_KEY] = {**session[services.SESSION_KEY], "nonce": "the nonce of another sign-in"}
    session.save()
    callback = urlsplit(openid_provider.sign_in(authorize, "alice"))
    answer = browser.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    assert answer.status_code == 401 and "nonce differs" in answer.content.decode()


def test_a_provider_that_is_not_the_configured_issuer_is_refused(
    team: Team,
    sso: SingleSignOn,
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    port = urlsplit(openid_provider.issuer).port
    SingleSignOn.objects.filter(pk=sso.pk).update(issuer=f"http://localhost:{port}")
    answer = Client().post("/login/sso/", {"email": "alice@acme.test"})
    assert answer.status_code == 502 and "not the configured issuer" in answer.content.decode()


@pytest.mark.parametrize(
    ("claims", "says"),
    [
        ({"aud": "another-application"}, "issued for another application"),
        ({"aud": [CLIENT_ID, "another"], "azp": "another"}, "issued for another application"),
        ({"iss": "https://impostor.example"}, "not the configured issuer"),
        ({"nonce": "someone else's"}, "nonce differs"),
        ({"exp": 1_000_000_000, "iat": 999_999_000}, "has expired"),
        ({"email_verified": "true"}, "has not verified"),
    ],
    ids=["audience", "authorized-party", "issuer", "nonce", "expired", "verified-as-text"],
)
def test_a_token_signed_by_the_provider_with_a_wrong_claim_is_refused(
    openid_provider: OpenIDProvider,  # noqa: F811
    claims: dict[str, Any],
    says: str,
) -> None:
    token = openid_provider.token(**claims)
    with pytest.raises(Refused, match=says):
        checked = verify(
            token, openid_provider.jwks(), issuer=openid_provider.issuer, client_id=CLIENT_ID, nonce="the-nonce"
        )
        identity(openid_provider.issuer, checked)


def test_a_token_with_a_bad_signature_is_refused_and_a_good_one_passes(
    openid_provider: OpenIDProvider,  # noqa: F811
) -> None:
    keys = openid_provider.jwks()
    claims = verify(
        openid_provider.token(), keys, issuer=openid_provider.issuer, client_id=CLIENT_ID, nonce="the-nonce"
    )
    good = identity(openid_provider.issuer, claims)
    assert (good.subject, good.email) == ("alice", "alice@acme.test")
    stranger = RSAKey.generate_key(2048, parameters={"kid": openid_provider.key.kid})
    forged = openid_provider.token(key=stranger)
    with pytest.raises(Refused, match="signature does not verify"):
        verify(forged, keys, issuer=openid_provider.issuer, client_id=CLIENT_ID, nonce="the-nonce")
    tampered = openid_provider.token().rsplit(".", 1)[0] + ".AAAA"
    with pytest.raises(Refused):
        verify(tampered, keys, issuer=openid_provider.issuer, client_id=CLIENT_ID, nonce="the-nonce")


def test_only_owners_set_up_single_sign_on_and_the_secret_is_never_shown_back(
    team: Team,
    sso: SingleSignOn,
) -> None:
    assert team.client("admin").get("/settings/sso/").status_code == 403
    page = team.client("owner").get("/settings/sso/").content.decode()
    assert CLIENT_SECRET not in page and "stored; leave blank to keep it" in page
    assert "http://testserver/login/sso/callback/" in page
    bad = team.client("owner").post(
        "/settings/sso/",
        {
            "enabled": "on",
            "issuer": "ftp://x",
            "client_id": CLIENT_ID,
            "allowed_domains": "acme",
            "default_role": "owner",
        },
    )
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "https:// address" in body and "example.com" in body and "never as owner" in body
    kept = team.client("owner").post(
        "/settings/sso/",
        {
            "issuer": sso.issuer,
            "client_id": CLIENT_ID,
            "allowed_domains": "acme.test\nacme.example",
            "default_role": "viewer",
        },
    )
    assert kept.status_code == 302
    sso.refresh_from_db()
    assert not sso.enabled and sso.allowed_domains == ["acme.example", "acme.test"]
    assert services.crypto.decrypt(services.PURPOSE, sso.client_secret_encrypted) == CLIENT_SECRET
