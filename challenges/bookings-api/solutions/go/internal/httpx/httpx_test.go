package httpx

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCursorRoundTrip(t *testing.T) {
	cursor, err := EncodeCursor("-capacity", 12, 42)
	if err != nil {
		t.Fatal(err)
	}
	key, id, err := DecodeCursor(cursor, "-capacity")
	if err != nil {
		t.Fatalf("decoding our own cursor: %v", err)
	}
	if string(key) != "12" || id != 42 {
		t.Fatalf("got key %s and id %d, want 12 and 42", key, id)
	}
}

func TestCursorRejectsForeignInput(t *testing.T) {
	other, _ := EncodeCursor("name", "Atlas", 7)
	for name, cursor := range map[string]string{
		"garbage":    "not-a-cursor",
		"not base64": "%%%",
		"other sort": other,
		"bad id":     "WyJuYW1lIiwiQXRsYXMiLCJ4Il0", // ["name","Atlas","x"]
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := DecodeCursor(cursor, "-capacity")
			if !IsStatus(err, http.StatusUnprocessableEntity) {
				t.Fatalf("want a 422, got %v", err)
			}
			var p *Problem
			if errors.As(err, &p) && p.Errors[0].Field != "cursor" {
				t.Fatalf("the error names %q, want cursor", p.Errors[0].Field)
			}
		})
	}
}

func TestNewPageSetsCursorOnlyWhenMoreRowsExist(t *testing.T) {
	next := func(last int) (string, error) { return "after", nil }
	page, _ := NewPage([]int{1, 2, 3}, 2, next)
	if len(page.Items) != 2 || page.NextCursor == nil {
		t.Fatalf("3 rows with limit 2: want 2 items and a cursor, got %v", page)
	}
	page, _ = NewPage([]int(nil), 2, next)
	if page.Items == nil || page.NextCursor != nil {
		t.Fatalf("no rows: want [] and no cursor, got %#v", page)
	}
}

func TestCheckIfMatch(t *testing.T) {
	cases := []struct {
		header string
		ok     bool
	}{
		{"", true}, // no header: last write wins
		{`"3"`, true},
		{`"1", "3"`, true},
		{"*", true},
		{`"2"`, false},
		{`W/"3"`, false},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodPatch, "/rooms/1", nil)
		if c.header != "" {
			r.Header.Set("If-Match", c.header)
		}
		err := CheckIfMatch(r, 3)
		if (err == nil) != c.ok {
			t.Errorf("If-Match %q against version 3: got %v, want ok=%v", c.header, err, c.ok)
		}
		if err != nil && !IsStatus(err, http.StatusPreconditionFailed) {
			t.Errorf("If-Match %q: want a 412, got %v", c.header, err)
		}
	}
}

func TestDecodeObject(t *testing.T) {
	cases := map[string]struct {
		body   string
		status int
	}{
		"object":    {`{"name": "Atlas"}`, 0},
		"malformed": {`{"room_id": 1, "title": `, http.StatusBadRequest},
		"trailing":  {`{"a": 1} x`, http.StatusBadRequest},
		"array":     {`[1, 2]`, http.StatusUnprocessableEntity},
		"null":      {`null`, http.StatusUnprocessableEntity},
		"empty":     {``, http.StatusUnprocessableEntity},
		"too large": {`{"title": "` + strings.Repeat("x", MaxBodyBytes) + `"}`, http.StatusRequestEntityTooLarge},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/rooms", strings.NewReader(c.body))
			_, err := DecodeObject(httptest.NewRecorder(), r)
			if c.status == 0 && err != nil {
				t.Fatalf("want no error, got %v", err)
			}
			if c.status != 0 && !IsStatus(err, c.status) {
				t.Fatalf("want a %d, got %v", c.status, err)
			}
		})
	}
}
