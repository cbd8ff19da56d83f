// Package publictest holds the public tests: they call a running, seeded service at BASE_URL (default
// http://127.0.0.1:$PORT, PORT 8000). Run the service (go run ./cmd/server), load the data set once
// (make seed), then go test -v ./... . They are a small sample of the checks the platform runs;
// passing them is a start, not the goal.
package publictest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"
)

func baseURL() string {
	if base := os.Getenv("BASE_URL"); base != "" {
		return base
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8000"
	}
	return "http://127.0.0.1:" + port
}

var client = &http.Client{Timeout: 30 * time.Second}

type line struct {
	Quantity       int64 `json:"quantity"`
	UnitPriceCents int64 `json:"unit_price_cents"`
}

type order struct {
	ID         int64     `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	TotalCents int64     `json:"total_cents"`
	Lines      []line    `json:"lines"`
}

type page struct {
	Items      []order `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func get(t *testing.T, path string, query url.Values, into any) int {
	t.Helper()
	resp, err := client.Get(baseURL() + path + "?" + query.Encode())
	if err != nil {
		t.Fatalf("GET %s: %v (is the service running?)", path, err)
	}
	defer resp.Body.Close()
	if into != nil && resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	return resp.StatusCode
}

func TestHealth(t *testing.T) {
	if status := get(t, "/health", nil, nil); status != 200 {
		t.Fatalf("GET /health answered %d", status)
	}
}

func TestFirstPageIsNewestFirst(t *testing.T) {
	var p page
	get(t, "/customers/42/orders", url.Values{"limit": {"20"}}, &p)
	if len(p.Items) != 20 || p.NextCursor == nil {
		t.Fatalf("expected 20 orders and a next_cursor, got %d and %v", len(p.Items), p.NextCursor)
	}
	for i := 1; i < len(p.Items); i++ {
		prev, cur := p.Items[i-1], p.Items[i]
		if cur.CreatedAt.After(prev.CreatedAt) || (cur.CreatedAt.Equal(prev.CreatedAt) && cur.ID > prev.ID) {
			t.Fatalf("order %d comes after order %d but is newer", cur.ID, prev.ID)
		}
	}
}

func TestWalkingThePagesListsEveryOrderOnce(t *testing.T) {
	seen := map[int64]bool{}
	query := url.Values{"limit": {"7"}}
	for pages := 0; pages < 100; pages++ {
		var p page
		get(t, "/customers/42/orders", query, &p)
		for _, o := range p.Items {
			if seen[o.ID] {
				t.Fatalf("order %d listed twice", o.ID)
			}
			seen[o.ID] = true
		}
		if p.NextCursor == nil {
			break
		}
		query.Set("cursor", *p.NextCursor)
	}
	if len(seen) != 50 {
		t.Fatalf("walked %d orders; expected 50", len(seen))
	}
}

func TestOrderTotalIsTheSumOfItsLines(t *testing.T) {
	var p page
	get(t, "/customers/42/orders", nil, &p)
	for _, o := range p.Items {
		var sum int64
		for _, l := range o.Lines {
			sum += l.Quantity * l.UnitPriceCents
		}
		if o.TotalCents != sum {
			t.Fatalf("order %d totals %d; its lines add up to %d", o.ID, o.TotalCents, sum)
		}
	}
}

func TestSummary(t *testing.T) {
	var s struct {
		OrderCount     int   `json:"order_count"`
		PaidTotalCents int64 `json:"paid_total_cents"`
	}
	get(t, "/customers/42/summary", nil, &s)
	if s.OrderCount != 50 || s.PaidTotalCents <= 0 {
		t.Fatalf("summary has %d orders and %d paid; expected 50 and more than 0", s.OrderCount, s.PaidTotalCents)
	}
}

func TestUnknownCustomerIs404(t *testing.T) {
	for _, path := range []string{"/customers/999999/orders", "/customers/999999/summary"} {
		if status := get(t, path, nil, nil); status != 404 {
			t.Fatalf("GET %s answered %d; expected 404", path, status)
		}
	}
}
