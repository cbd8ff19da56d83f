"""Favorites."""

import threading

import pytest

pytestmark = pytest.mark.skill("server_logic")


@pytest.mark.weight(3)
def test_favorite_and_unfavorite(api, register, auth, write, expect, json_of):
    """Favoriting sets favorited: true and counts one; unfavoriting undoes both"""
    author, fan = register(), register()
    article = write(author)
    resp = api.post(f"/api/articles/{article['slug']}/favorite", headers=auth(fan))
    expect(resp, 200, "favoriting an article")
    liked = json_of(resp, "article")
    assert liked.get("favorited") is True and liked.get("favoritesCount") == 1, (
        f"after one favorite: favorited {liked.get('favorited')!r}, favoritesCount {liked.get('favoritesCount')!r}; expected true and 1"
    )
    resp = api.delete(f"/api/articles/{article['slug']}/favorite", headers=auth(fan))
    expect(resp, 200, "unfavoriting an article")
    unliked = json_of(resp, "article")
    assert unliked.get("favorited") is False and unliked.get("favoritesCount") == 0, (
        f"after unfavoriting: favorited {unliked.get('favorited')!r}, favoritesCount {unliked.get('favoritesCount')!r}; expected false and 0"
    )


@pytest.mark.weight(2)
def test_favorited_is_per_user(api, register, auth, write, json_of):
    """favorited is true only for the user who favorited; favoritesCount is the same for everyone"""
    author, fan, other = register(), register(), register()
    article = write(author)
    api.post(f"/api/articles/{article['slug']}/favorite", headers=auth(fan))
    as_fan = json_of(api.get(f"/api/articles/{article['slug']}", headers=auth(fan)), "article")
    as_other = json_of(api.get(f"/api/articles/{article['slug']}", headers=auth(other)), "article")
    anonymous = json_of(api.get(f"/api/articles/{article['slug']}"), "article")
    assert as_fan.get("favorited") is True, "the fan does not see favorited: true"
    assert as_other.get("favorited") is False and anonymous.get("favorited") is False, (
        "favorited: true is shown to users who never favorited the article"
    )
    assert as_other.get("favoritesCount") == 1 and anonymous.get("favoritesCount") == 1, (
        "favoritesCount must be 1 for every viewer"
    )


@pytest.mark.skill("database")
@pytest.mark.weight(2)
def test_favoriting_twice_counts_once(api, register, auth, write, expect, json_of):
    """Favoriting the same article twice is harmless and counts once"""
    author, fan = register(), register()
    article = write(author)
    expect(api.post(f"/api/articles/{article['slug']}/favorite", headers=auth(fan)), 200, "the first favorite")
    resp = api.post(f"/api/articles/{article['slug']}/favorite", headers=auth(fan))
    expect(resp, 200, "favoriting again is harmless")
    assert json_of(resp, "article").get("favoritesCount") == 1, "one user favoriting twice must count once"


@pytest.mark.skill("database")
@pytest.mark.weight(3)
def test_concurrent_favorites_all_count(base_url, register, auth, write, api, json_of):
    """Six users favoriting at the same moment give favoritesCount 6"""
    import httpx

    author = register()
    fans = [register() for _ in range(6)]
    article = write(author)
    barrier = threading.Barrier(len(fans))
    statuses = []

    def like(fan):
        with httpx.Client(base_url=base_url, timeout=10) as client:
            barrier.wait(timeout=10)
            statuses.append(client.post(f"/api/articles/{article['slug']}/favorite", headers=auth(fan)).status_code)

    threads = [threading.Thread(target=like, args=(fan,)) for fan in fans]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert sorted(statuses) == [200] * 6, f"concurrent favorites answered {sorted(statuses)}; expected six 200s"
    count = json_of(api.get(f"/api/articles/{article['slug']}"), "article").get("favoritesCount")
    assert count == 6, f"six users favorited at once but favoritesCount is {count!r} (a lost update?)"
