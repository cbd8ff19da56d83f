"""A team owner signs in with a real browser and creates an API key; its secret is shown exactly once."""

from __future__ import annotations

import httpx
import pytest

from tests.ops.serving import Server

pytestmark = pytest.mark.browser


def sign_in(page: object, server: Server) -> None:
    email, password = server.demo_credentials()
    page.goto(f"{server.url}/login/")  # type: ignore[attr-defined]
    page.get_by_label("Email").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{server.url}/")  # type: ignore[attr-defined]


def test_owner_signs_in_and_creates_an_api_key_shown_once(page: object, server: Server) -> None:
    sign_in(page, server)
    page.get_by_role("navigation").get_by_role("link", name="API keys").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{server.url}/api-keys/")  # type: ignore[attr-defined]

    page.get_by_label("Name").fill("CI key")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Create key").click()  # type: ignore[attr-defined]

    secret = page.locator("#new-api-key").inner_text().strip()  # type: ignore[attr-defined]
    assert secret
    assert page.get_by_role("row").filter(has_text="CI key").count() == 1  # type: ignore[attr-defined]
    api = httpx.get(f"{server.url}/api/v1/organization", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    # Shown on screen, set apart by the page's stylesheet (served and allowed by the CSP), not only in the markup.
    shown = page.locator("#new-api-key")  # type: ignore[attr-defined]
    assert shown.is_visible()
    assert shown.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 248, 219)"

    page.goto(f"{server.url}/api-keys/")  # type: ignore[attr-defined]

    assert page.get_by_role("row").filter(has_text="CI key").count() == 1  # type: ignore[attr-defined]
    assert page.locator("#new-api-key").count() == 0  # type: ignore[attr-defined]
    assert secret not in page.content()  # type: ignore[attr-defined]
    csp = [e for e in page.console_errors if "Content Security Policy" in e]  # type: ignore[attr-defined]
    assert csp == []


def test_revoking_a_key_in_the_browser_swaps_its_row_through_htmx(page: object, server: Server) -> None:
    sign_in(page, server)
    page.goto(f"{server.url}/api-keys/")  # type: ignore[attr-defined]
    page.get_by_label("Name").fill("Old ATS")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Create key").click()  # type: ignore[attr-defined]
    secret = page.locator("#new-api-key").inner_text().strip()  # type: ignore[attr-defined]
    page.goto(f"{server.url}/api-keys/")  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    row = page.get_by_role("row").filter(has_text="Old ATS")  # type: ignore[attr-defined]

    with page.expect_request(lambda request: "/revoke/" in request.url) as revoke:  # type: ignore[attr-defined]
        row.get_by_role("button", name="Revoke").click()

    row.get_by_text("revoked").wait_for()
    assert revoke.value.headers.get("hx-request") == "true"  # swapped in place, not a full page load
    assert page.url == f"{server.url}/api-keys/"  # type: ignore[attr-defined]
    api = httpx.get(f"{server.url}/api/v1/organization", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []  # type: ignore[attr-defined]
