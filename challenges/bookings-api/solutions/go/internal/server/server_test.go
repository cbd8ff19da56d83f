package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// These requests are answered before any database work, so they run without PostgreSQL.

type problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

func serve(t *testing.T, method, target, body string) (*httptest.ResponseRecorder, problem) {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	New(nil).ServeHTTP(w, r)
	var p problem
	if strings.Contains(w.Header().Get("Content-Type"), "problem+json") {
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatalf("the problem body is not JSON: %q", w.Body.String())
		}
	}
	return w, p
}

func TestOpenAPIDocument(t *testing.T) {
	w, _ := serve(t, http.MethodGet, "/openapi.json", "")
	var doc struct {
		OpenAPI string                     `json:"openapi"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &doc) != nil {
		t.Fatalf("GET /openapi.json: %d %q", w.Code, w.Body.String())
	}
	for _, path := range []string{"/rooms", "/rooms/{id}", "/bookings", "/bookings/{id}"} {
		if _, ok := doc.Paths[path]; !ok || !strings.HasPrefix(doc.OpenAPI, "3.") {
			t.Errorf("the document (openapi %q) does not describe %s", doc.OpenAPI, path)
		}
	}
}

func TestUnknownRoutesAreProblems(t *testing.T) {
	cases := []struct {
		method, target string
		status         int
	}{
		{http.MethodGet, "/nowhere", http.StatusNotFound},
		{http.MethodPut, "/rooms/1", http.StatusMethodNotAllowed},
		{http.MethodGet, "/rooms/abc", http.StatusNotFound},
		{http.MethodGet, "/bookings/0", http.StatusNotFound},
	}
	for _, c := range cases {
		w, p := serve(t, c.method, c.target, "")
		if w.Code != c.status || p.Status != c.status {
			t.Errorf("%s %s: got %d (problem status %d), want %d", c.method, c.target, w.Code, p.Status, c.status)
		}
	}
}

func TestBadRequestsAreRefusedCleanly(t *testing.T) {
	cases := []struct {
		name, method, target, body string
		status                     int
		field                      string
	}{
		{"malformed JSON", http.MethodPost, "/bookings", `{"room_id": 1, "title": `, 400, ""},
		{"oversized body", http.MethodPost, "/bookings", `{"title": "` + strings.Repeat("x", 1<<20) + `"}`, 413, ""},
		{"room without name", http.MethodPost, "/rooms", `{"capacity": 5}`, 422, "name"},
		{"room capacity zero", http.MethodPost, "/rooms", `{"name": "ok", "capacity": 0}`, 422, "capacity"},
		{"booking without times", http.MethodPost, "/bookings", `{"room_id": 1, "title": "x"}`, 422, "starts_at"},
		{"empty body", http.MethodPost, "/bookings", "", 422, "body"},
		{"limit zero", http.MethodGet, "/bookings?limit=0", "", 422, "limit"},
		{"unknown sort", http.MethodGet, "/rooms?sort=name%3B%20DROP%20TABLE%20rooms", "", 422, "sort"},
		{"window backwards", http.MethodGet, "/bookings?from=2030-05-01T10:00:00Z&to=2030-05-01T09:00:00Z", "", 422, "to"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, p := serve(t, c.method, c.target, c.body)
			if w.Code != c.status || p.Status != c.status {
				t.Fatalf("got %d %q, want %d", w.Code, w.Body.String(), c.status)
			}
			if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
				t.Fatalf("errors %v do not name %s", p.Errors, c.field)
			}
			for _, leak := range []string{"panic", "goroutine", "pgx", "sql"} {
				if strings.Contains(strings.ToLower(w.Body.String()), leak) {
					t.Fatalf("the body leaks %q: %s", leak, w.Body.String())
				}
			}
		})
	}
}
