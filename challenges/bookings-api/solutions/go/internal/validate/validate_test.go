package validate

import (
	"encoding/json"
	"errors"
	"net/url"
	"testing"
	"time"

	"bookings/internal/httpx"
)

func fields(t *testing.T, body string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func failedFields(t *testing.T, err error) []string {
	t.Helper()
	var p *httpx.Problem
	if !errors.As(err, &p) || p.Status != 422 {
		t.Fatalf("want a 422 problem, got %v", err)
	}
	names := make([]string, len(p.Errors))
	for i, e := range p.Errors {
		names[i] = e.Field
	}
	return names
}

func TestBodyReportsEveryBadField(t *testing.T) {
	body := NewBody(fields(t, `{"name": "   ", "capacity": "ten", "extra": true}`), false)
	body.String("name", 100, true)
	body.Int("capacity", 1, 1000, true)
	body.Time("starts_at", true)
	got := failedFields(t, body.Err())
	want := []string{"name", "capacity", "starts_at"}
	if len(got) != len(want) {
		t.Fatalf("got errors for %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got errors for %v, want %v", got, want)
		}
	}
}

func TestBodyValues(t *testing.T) {
	body := NewBody(fields(t, `{"name": "  Atlas ", "capacity": 8, "starts_at": "2030-05-01T11:00:00+02:00"}`), false)
	name := body.String("name", 100, true)
	capacity := body.Int("capacity", 1, 1000, true)
	start := body.Time("starts_at", true)
	if err := body.Err(); err != nil {
		t.Fatal(err)
	}
	if *name != "Atlas" || *capacity != 8 || !start.Equal(time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("got %q, %d, %v", *name, *capacity, start)
	}
	if start.Location() != time.UTC {
		t.Fatalf("times must come back in UTC, got %v", start.Location())
	}
}

func TestIntegersAreStrict(t *testing.T) {
	for _, raw := range []string{`5.0`, `1e3`, `"5"`, `true`, `0`, `1001`, `99999999999999999999`} {
		body := NewBody(fields(t, `{"capacity": `+raw+`}`), false)
		if body.Int("capacity", 1, 1000, true) != nil || body.Err() == nil {
			t.Errorf("capacity %s was accepted", raw)
		}
	}
}

func TestTimesNeedAnOffset(t *testing.T) {
	for _, raw := range []string{`"2030-05-01T09:00:00"`, `"2030-05-01"`, `"yesterday"`, `1893488400`} {
		body := NewBody(fields(t, `{"starts_at": `+raw+`}`), false)
		if body.Time("starts_at", true) != nil || body.Err() == nil {
			t.Errorf("starts_at %s was accepted", raw)
		}
	}
}

func TestPartialBodySkipsAbsentFieldsButRefusesNull(t *testing.T) {
	body := NewBody(fields(t, `{"capacity": null}`), true)
	if body.String("name", 100, true) != nil {
		t.Fatal("an absent field must stay nil")
	}
	body.Int("capacity", 1, 1000, true)
	if got := failedFields(t, body.Err()); len(got) != 1 || got[0] != "capacity" {
		t.Fatalf("got errors for %v, want [capacity]", got)
	}
}

func TestQuery(t *testing.T) {
	values, _ := url.ParseQuery("limit=0&min_capacity=1%3B%20DROP%20TABLE%20rooms&sort=title&from=yesterday&q=O'Brien")
	q := NewQuery(values)
	if got := q.Text("q", 100); got != "O'Brien" {
		t.Fatalf("q: got %q", got)
	}
	q.Int("limit", 1, 100, 20)
	q.OptionalInt("min_capacity", 1, 1000)
	q.OneOf("sort", []string{"name", "-name"}, "name")
	q.Time("from")
	got := failedFields(t, q.Err())
	if len(got) != 4 {
		t.Fatalf("got errors for %v, want limit, min_capacity, sort and from", got)
	}
}

func TestQueryDefaults(t *testing.T) {
	q := NewQuery(url.Values{})
	if q.Int("limit", 1, 100, 20) != 20 || q.OneOf("sort", []string{"name"}, "name") != "name" ||
		q.OptionalInt("room_id", 1, 10) != nil || q.Time("from") != nil || q.Err() != nil {
		t.Fatal("absent parameters must take their defaults without errors")
	}
}
