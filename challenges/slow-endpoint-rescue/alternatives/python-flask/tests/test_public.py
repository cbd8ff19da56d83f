"""A sample of the platform's checks (the hidden suite has many more), against the seeded data set."""


def test_health(api):
    assert api.get("/health").status_code == 200


def test_first_page_is_newest_first(api):
    page = api.get("/customers/42/orders", params={"limit": 20}).json()
    assert len(page["items"]) == 20
    keys = [(o["created_at"], o["id"]) for o in page["items"]]
    assert keys == sorted(keys, reverse=True)
    assert page["next_cursor"]


def test_walking_the_pages_lists_every_order_once(api):
    seen, cursor = [], None
    while True:
        params = {"limit": 7} | ({"cursor": cursor} if cursor else {})
        page = api.get("/customers/42/orders", params=params).json()
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 50


def test_order_total_is_the_sum_of_its_lines(api):
    for order in api.get("/customers/42/orders").json()["items"]:
        assert order["total_cents"] == sum(line["quantity"] * line["unit_price_cents"] for line in order["lines"])


def test_summary(api):
    summary = api.get("/customers/42/summary").json()
    assert summary["order_count"] == 50
    assert summary["paid_total_cents"] > 0


def test_unknown_customer_is_404(api):
    assert api.get("/customers/999999/orders").status_code == 404
    assert api.get("/customers/999999/summary").status_code == 404
