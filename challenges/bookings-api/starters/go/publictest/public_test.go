// Package publictest holds the public tests: they call a running service at BASE_URL (default
// http://127.0.0.1:$PORT, PORT 8000). Run the service in one terminal (go run ./cmd/server) and the
// tests in another (go test -v ./...). They are a small sample of the checks the platform runs;
// passing them is a start, not the goal.
package publictest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

var day = func() time.Time {
	n, _ := rand.Int(rand.Reader, big.NewInt(2000))
	return time.Date(time.Now().UTC().Year()+2, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n.Int64()))
}()

func baseURL() string {
	if url := os.Getenv("BASE_URL"); url != "" {
		return url
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8000"
	}
	return "http://127.0.0.1:" + port
}

// at is a time of day on the tests' day, as RFC 3339 in UTC ("09:30").
func at(clock string) string {
	t, err := time.Parse("15:04", clock)
	if err != nil {
		panic(err)
	}
	return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute).Format(time.RFC3339)
}

func unique(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func call(t *testing.T, method, path string, body any) response {
	t.Helper()
	var reader *bytes.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(data)
	} else {
		reader = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, baseURL()+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v (is the service running?)", method, path, err)
	}
	defer resp.Body.Close()
	out := response{status: resp.StatusCode, header: resp.Header}
	_ = json.NewDecoder(resp.Body).Decode(&out.body)
	return out
}

func newRoom(t *testing.T) map[string]any {
	t.Helper()
	res := call(t, "POST", "/rooms", map[string]any{"name": unique("room"), "capacity": 8})
	if res.status != 201 {
		t.Fatalf("POST /rooms answered %d; expected 201", res.status)
	}
	return res.body
}

func hasFieldError(body map[string]any, field string) bool {
	errs, _ := body["errors"].([]any)
	for _, e := range errs {
		if entry, ok := e.(map[string]any); ok && entry["field"] == field {
			return true
		}
	}
	return false
}

func TestHealth(t *testing.T) {
	if res := call(t, "GET", "/health", nil); res.status != 200 {
		t.Fatalf("GET /health answered %d", res.status)
	}
}

func TestCreateRoomReturns201WithLocation(t *testing.T) {
	res := call(t, "POST", "/rooms", map[string]any{"name": unique("room"), "capacity": 6})
	if res.status != 201 {
		t.Fatalf("POST /rooms answered %d; expected 201", res.status)
	}
	location := res.header.Get("Location")
	if location == "" {
		t.Fatal("no Location header")
	}
	if got := call(t, "GET", location, nil); got.body["id"] != res.body["id"] {
		t.Fatalf("GET %s gave id %v; expected %v", location, got.body["id"], res.body["id"])
	}
}

func TestInvalidRoomIs422NamingTheField(t *testing.T) {
	res := call(t, "POST", "/rooms", map[string]any{"name": "ok", "capacity": 0})
	if res.status != 422 || !hasFieldError(res.body, "capacity") {
		t.Fatalf("answered %d %v; expected 422 with an error on capacity", res.status, res.body)
	}
}

func TestEndsAtMustBeAfterStartsAt(t *testing.T) {
	room := newRoom(t)
	res := call(t, "POST", "/bookings", map[string]any{
		"room_id": room["id"], "title": "x", "starts_at": at("10:00"), "ends_at": at("09:00"),
	})
	if res.status != 422 || !hasFieldError(res.body, "ends_at") {
		t.Fatalf("answered %d %v; expected 422 with an error on ends_at", res.status, res.body)
	}
}

func TestOverlapIs409ButBackToBackIsFine(t *testing.T) {
	room := newRoom(t)
	book := func(from, to string) int {
		body := map[string]any{"room_id": room["id"], "title": "a", "starts_at": at(from), "ends_at": at(to)}
		return call(t, "POST", "/bookings", body).status
	}
	for _, c := range []struct {
		from, to string
		want     int
	}{{"09:00", "10:00", 201}, {"09:30", "10:30", 409}, {"10:00", "11:00", 201}} {
		if got := book(c.from, c.to); got != c.want {
			t.Fatalf("booking %s-%s answered %d; expected %d", c.from, c.to, got, c.want)
		}
	}
}

func TestListsUseTheEnvelope(t *testing.T) {
	room := newRoom(t)
	body := map[string]any{"room_id": room["id"], "title": "a", "starts_at": at("09:00"), "ends_at": at("10:00")}
	if res := call(t, "POST", "/bookings", body); res.status != 201 {
		t.Fatalf("POST /bookings answered %d", res.status)
	}
	page := call(t, "GET", fmt.Sprintf("/bookings?room_id=%v&limit=10", room["id"]), nil).body
	items, _ := page["items"].([]any)
	if len(items) != 1 || page["next_cursor"] != nil {
		t.Fatalf("expected one item and next_cursor null, got %v", page)
	}
}

func TestOpenAPIDocumentIsServed(t *testing.T) {
	version, _ := call(t, "GET", "/openapi.json", nil).body["openapi"].(string)
	if !strings.HasPrefix(version, "3.") {
		t.Fatalf("openapi is %q; expected 3.x", version)
	}
}
