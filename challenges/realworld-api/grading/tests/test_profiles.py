"""Profiles and follows."""

import pytest

pytestmark = pytest.mark.skill("api_design")


@pytest.mark.weight(2)
def test_profile_is_public(api, register, expect, json_of):
    """GET /api/profiles/{username} works without a token and shows following: false"""
    user = register()
    resp = api.get(f"/api/profiles/{user['username']}")
    expect(resp, 200, "profiles are public")
    profile = json_of(resp, "profile")
    assert profile.get("username") == user["username"], f"GET returned another profile: {profile}"
    assert profile.get("following") is False, (
        f"an anonymous caller follows nobody, but following is {profile.get('following')!r}"
    )
    assert "email" not in profile, f"a public profile must not reveal the email address: {profile}"


def test_unknown_profile_is_404(api, unique, expect):
    """An unknown username is 404"""
    expect(api.get(f"/api/profiles/{unique('nobody')}"), 404, "no user has this name")


@pytest.mark.skill("server_logic")
@pytest.mark.weight(3)
def test_follow_then_unfollow(api, register, auth, expect, json_of):
    """Following shows following: true to the follower only; unfollowing turns it back to false"""
    me, author, other = register(), register(), register()
    resp = api.post(f"/api/profiles/{author['username']}/follow", headers=auth(me))
    expect(resp, (200, 201), "following another user")
    assert json_of(resp, "profile").get("following") is True, "the answer to a follow must show following: true"
    mine = json_of(api.get(f"/api/profiles/{author['username']}", headers=auth(me)), "profile")
    assert mine.get("following") is True, "after following, GET /api/profiles shows following: false to the follower"
    theirs = json_of(api.get(f"/api/profiles/{author['username']}", headers=auth(other)), "profile")
    assert theirs.get("following") is False, "another user sees following: true for a follow they never made"
    resp = api.delete(f"/api/profiles/{author['username']}/follow", headers=auth(me))
    expect(resp, 200, "unfollowing")
    assert json_of(resp, "profile").get("following") is False, "the answer to an unfollow must show following: false"
    after = json_of(api.get(f"/api/profiles/{author['username']}", headers=auth(me)), "profile")
    assert after.get("following") is False, "after unfollowing, the profile still shows following: true"


@pytest.mark.skill("database")
@pytest.mark.weight(2)
def test_following_twice_is_harmless(api, register, auth, follow, expect, json_of):
    """Following the same user twice is not an error and unfollowing once undoes it"""
    me, author = register(), register()
    follow(me, author)
    again = api.post(f"/api/profiles/{author['username']}/follow", headers=auth(me))
    expect(again, (200, 201), "following again is harmless")
    expect(api.delete(f"/api/profiles/{author['username']}/follow", headers=auth(me)), 200, "unfollowing")
    after = json_of(api.get(f"/api/profiles/{author['username']}", headers=auth(me)), "profile")
    assert after.get("following") is False, "one unfollow after two follows must end the follow (no duplicate rows)"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_follow_requires_a_token(api, register, expect):
    """Following without a token is refused (401 or 403)"""
    author = register()
    expect(api.post(f"/api/profiles/{author['username']}/follow"), (401, 403), "only a logged-in user can follow")


def test_follow_unknown_user_is_404(api, register, auth, unique, expect):
    """Following an unknown user is 404"""
    me = register()
    expect(api.post(f"/api/profiles/{unique('nobody')}/follow", headers=auth(me)), 404, "no user has this name")
