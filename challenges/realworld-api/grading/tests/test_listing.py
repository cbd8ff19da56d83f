"""The article list: filters, order, limit/offset and articlesCount, the feed, and tags."""

import pytest

pytestmark = pytest.mark.skill("api_design")


@pytest.mark.weight(3)
def test_filter_by_author_newest_first(api, register, write, slugs, expect):
    """?author= lists that author's articles only, newest first, with articlesCount"""
    author, other = register(), register()
    written = [write(author)["slug"] for _ in range(3)]
    write(other)
    resp = api.get("/api/articles", params={"author": author["username"]})
    expect(resp, 200, "listing articles by author")
    assert slugs(resp) == written[::-1], (
        f"expected the author's three articles newest first {written[::-1]}, got {slugs(resp)}"
    )
    assert resp.json().get("articlesCount") == 3, f"articlesCount is {resp.json().get('articlesCount')!r}; expected 3"


@pytest.mark.weight(3)
def test_filter_by_tag(api, register, write, unique, slugs, expect):
    """?tag= lists only the articles with that tag"""
    user = register()
    tag = unique("tag")
    tagged = [write(user, tagList=[tag, "common"])["slug"] for _ in range(2)]
    write(user, tagList=["common"])
    resp = api.get("/api/articles", params={"tag": tag})
    expect(resp, 200, "listing articles by tag")
    assert sorted(slugs(resp)) == sorted(tagged), f"?tag={tag} should list exactly {tagged}, got {slugs(resp)}"
    assert resp.json().get("articlesCount") == 2, f"articlesCount is {resp.json().get('articlesCount')!r}; expected 2"
    for article in resp.json()["articles"]:
        assert set(article.get("tagList") or []) == {tag, "common"}, (
            f"a filtered article must still carry all its tags, got {article.get('tagList')}"
        )


@pytest.mark.skill("server_logic")
@pytest.mark.weight(3)
def test_filter_by_favorited(api, register, write, favorite, slugs, expect):
    """?favorited=<username> lists the articles that user favorited"""
    author, fan = register(), register()
    liked = [write(author)["slug"] for _ in range(2)]
    write(author)
    for slug in liked:
        favorite(fan, slug)
    resp = api.get("/api/articles", params={"favorited": fan["username"]})
    expect(resp, 200, "listing a user's favorites")
    assert sorted(slugs(resp)) == sorted(liked), f"?favorited= should list exactly {liked}, got {slugs(resp)}"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(4)
def test_limit_and_offset_page_through(api, register, write, slugs, expect):
    """limit and offset page through the list; articlesCount is the total, not the page size"""
    author = register()
    written = [write(author)["slug"] for _ in range(5)][::-1]  # newest first
    resp = api.get("/api/articles", params={"author": author["username"], "limit": 2, "offset": 1})
    expect(resp, 200, "a page of the list")
    assert slugs(resp) == written[1:3], f"limit=2&offset=1 should give {written[1:3]}, got {slugs(resp)}"
    assert resp.json().get("articlesCount") == 5, (
        f"articlesCount is {resp.json().get('articlesCount')!r}; it must count all 5 matching articles, not the page"
    )
    last = api.get("/api/articles", params={"author": author["username"], "limit": 2, "offset": 4})
    assert slugs(last) == written[4:], f"the last page (offset=4) should be {written[4:]}, got {slugs(last)}"
    beyond = api.get("/api/articles", params={"author": author["username"], "limit": 2, "offset": 10})
    expect(beyond, 200, "an offset past the end is an empty page, not an error")
    assert slugs(beyond) == [] and beyond.json().get("articlesCount") == 5, (
        f"past the end: articles {slugs(beyond)}, articlesCount {beyond.json().get('articlesCount')!r}; expected [] and 5"
    )


@pytest.mark.weight(2)
def test_default_limit_is_20(api, expect):
    """Without limit, the list has at most 20 articles and articlesCount counts them all"""
    resp = api.get("/api/articles")
    expect(resp, 200, "the global list")
    body = resp.json()
    assert isinstance(body.get("articles"), list) and isinstance(body.get("articlesCount"), int), (
        f'expected {{"articles": [...], "articlesCount": n}}, got {resp.text[:200]!r}'
    )
    assert len(body["articles"]) <= 20, f"the default page size is 20, got {len(body['articles'])}"
    assert body["articlesCount"] >= len(body["articles"]), "articlesCount is smaller than the page"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(3)
def test_feed_lists_followed_authors_only(api, register, auth, write, follow, slugs, expect):
    """The feed lists articles of followed users only, newest first"""
    reader, followed, ignored = register(), register(), register()
    follow(reader, followed)
    first = write(followed)["slug"]
    write(ignored)
    second = write(followed)["slug"]
    resp = api.get("/api/articles/feed", headers=auth(reader))
    expect(resp, 200, "the feed of a logged-in user")
    assert slugs(resp) == [second, first], f"the feed should be [{second}, {first}], got {slugs(resp)}"
    assert resp.json().get("articlesCount") == 2, f"articlesCount is {resp.json().get('articlesCount')!r}; expected 2"
    author = resp.json()["articles"][0].get("author") or {}
    assert author.get("following") is True, "articles in the feed are by followed users: author.following must be true"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_feed_is_paginated(api, register, auth, write, follow, slugs):
    """The feed honours limit and offset"""
    reader, followed = register(), register()
    follow(reader, followed)
    written = [write(followed)["slug"] for _ in range(3)][::-1]
    resp = api.get("/api/articles/feed", params={"limit": 1, "offset": 1}, headers=auth(reader))
    assert slugs(resp) == written[1:2], f"feed limit=1&offset=1 should give {written[1:2]}, got {slugs(resp)}"
    assert resp.json().get("articlesCount") == 3, f"articlesCount is {resp.json().get('articlesCount')!r}; expected 3"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_feed_requires_a_token(api, expect):
    """The feed without a token is refused (401 or 403)"""
    resp = api.get("/api/articles/feed")
    expect(resp, (401, 403), "the feed belongs to a logged-in user")
    assert '"articles"' not in resp.text, "the refused feed request still lists articles"


@pytest.mark.weight(2)
def test_tags_lists_used_tags(api, register, write, unique, expect):
    """GET /api/tags lists the tags of published articles"""
    tag = unique("tag")
    write(register(), tagList=[tag])
    resp = api.get("/api/tags")
    expect(resp, 200, "the tag list")
    tags = resp.json().get("tags")
    assert isinstance(tags, list) and tag in tags, f'expected {{"tags": [...]}} including {tag!r}'
    assert len(tags) == len(set(tags)), "GET /api/tags lists a tag more than once"


def test_unknown_author_gives_an_empty_list(api, unique, slugs, expect):
    """Filtering by an unknown author is an empty list, not an error"""
    resp = api.get("/api/articles", params={"author": unique("nobody")})
    expect(resp, 200, "an empty result is still a result")
    assert slugs(resp) == [] and resp.json().get("articlesCount") == 0, "an unknown author has no articles"


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "params",
    [
        {"tag": "' OR '1'='1"},
        {"author": "x'; DROP TABLE articles; --"},
        {"favorited": "\\' UNION SELECT 1 --"},
        {"tag": "%_%", "author": '"quoted"'},
    ],
    ids=["tag-or", "author-drop", "favorited-union", "wildcards"],
)
def test_hostile_filters_are_plain_values(api, register, write, slugs, expect, params):
    """SQL-looking filter values match nothing and never cause a server error"""
    write(register())
    resp = api.get("/api/articles", params=params)
    # A refusal of the odd value is acceptable; a server error or a match means the value reached the SQL.
    expect(resp, (200, 400, 422), "a filter value is data, never SQL: it must match nothing, not fail")
    if resp.status_code == 200:
        count = resp.json().get("articlesCount")
        assert slugs(resp) == [] and count in (0, None), (
            f"{params} matched {len(slugs(resp))} articles (articlesCount {count!r}): "
            "the value changed the query instead of being compared"
        )
    expect(api.get("/api/articles", params={"limit": 1}), 200, "the list must still work afterwards")


@pytest.mark.skill("security")
@pytest.mark.parametrize(
    "params",
    [{"limit": "abc"}, {"offset": "-1"}, {"limit": "1;SELECT 1"}],
    ids=["limit-text", "offset-negative", "limit-sql"],
)
def test_bad_paging_parameters_are_not_a_server_error(api, params):
    """A malformed limit or offset is refused (4xx) or ignored, never a 500"""
    resp = api.get("/api/articles", params=params)
    assert resp.status_code in (200, 400, 422), (
        f"GET /api/articles with {params} returned {resp.status_code}; expected 400/422 (or 200 ignoring it): bad input is not a server error"
    )


def _statements_run(db) -> int:
    """Statements this database has run so far (pg_stat_statements is loaded in the grading database)."""
    row = db.execute(
        "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s "
        "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()"
    ).fetchone()
    return int(row[0])


@pytest.mark.skill("performance")
@pytest.mark.weight(3)
def test_a_page_costs_a_constant_number_of_queries(api, register, write, unique, db, expect):
    """A page of 10 articles costs the database no more queries than a page of 1 (no query per article)"""
    author = register()
    for _ in range(10):
        write(author, tagList=[unique("tag")])

    def cost(limit: int) -> int:
        before = _statements_run(db)
        resp = api.get("/api/articles", params={"author": author["username"], "limit": limit})
        expect(resp, 200, "listing the author's articles")
        return _statements_run(db) - before

    cost(1)  # warm up: connections and prepared statements of the service
    one, ten = cost(1), cost(10)
    assert ten <= one + 2, (
        f"GET /api/articles ran {one} SQL statements for a page of 1 article and {ten} for a page of 10: "
        "the list queries the database once per article (N+1); load authors, tags and favorites for the whole page at once"
    )
