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
	"net/http"
	"os"
	"testing"
)

const password = "pa55word!"

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

func unique(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

type object = map[string]any

type response struct {
	status int
	body   object
}

// inner is the object in one of the spec's envelopes, e.g. {"user": {...}} -> {...}.
func (r response) inner(key string) object {
	value, _ := r.body[key].(object)
	return value
}

func call(t *testing.T, method, path string, body any, token string) response {
	t.Helper()
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, baseURL()+path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Token "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v (is the service running?)", method, path, err)
	}
	defer resp.Body.Close()
	out := response{status: resp.StatusCode}
	_ = json.NewDecoder(resp.Body).Decode(&out.body)
	return out
}

func register(t *testing.T) object {
	t.Helper()
	name := unique("user")
	res := call(t, "POST", "/api/users", object{"user": object{"username": name, "email": name + "@example.com", "password": password}}, "")
	if res.status != 201 || res.inner("user") == nil {
		t.Fatalf("POST /api/users answered %d %v; expected 201 with the user", res.status, res.body)
	}
	return res.inner("user")
}

func token(user object) string {
	s, _ := user["token"].(string)
	return s
}

func publish(t *testing.T, user object, title string) object {
	t.Helper()
	body := object{"article": object{"title": title, "description": "d", "body": "b"}}
	res := call(t, "POST", "/api/articles", body, token(user))
	if res.status != 201 || res.inner("article") == nil {
		t.Fatalf("POST /api/articles answered %d %v; expected 201 with the article", res.status, res.body)
	}
	return res.inner("article")
}

func TestHealth(t *testing.T) {
	if res := call(t, "GET", "/health", nil, ""); res.status != 200 {
		t.Fatalf("GET /health answered %d", res.status)
	}
}

func TestRegisterReturnsTheUserWithAToken(t *testing.T) {
	user := register(t)
	if token(user) == "" {
		t.Fatal("the user has no token")
	}
	if _, ok := user["password"]; ok {
		t.Fatal("the user carries its password")
	}
}

func TestRegistrationWithoutEmailIs422(t *testing.T) {
	res := call(t, "POST", "/api/users", object{"user": object{"username": unique("user"), "password": password}}, "")
	if _, ok := res.body["errors"].(object); res.status != 422 || !ok {
		t.Fatalf("answered %d %v; expected 422 with {\"errors\": {...}}", res.status, res.body)
	}
}

func TestLoginAndCurrentUser(t *testing.T) {
	user := register(t)
	login := call(t, "POST", "/api/users/login", object{"user": object{"email": user["email"], "password": password}}, "")
	if login.status != 200 {
		t.Fatalf("login answered %d", login.status)
	}
	me := call(t, "GET", "/api/user", nil, token(login.inner("user")))
	if me.inner("user")["username"] != user["username"] {
		t.Fatalf("GET /api/user gave %v; expected %v", me.body, user["username"])
	}
	if res := call(t, "GET", "/api/user", nil, ""); res.status != 401 {
		t.Fatalf("GET /api/user without a token answered %d; expected 401", res.status)
	}
}

func TestCreateAndReadAnArticle(t *testing.T) {
	user := register(t)
	body := object{"article": object{
		"title": "How to train your dragon", "description": "Ever wonder how?", "body": "Believe.", "tagList": []string{"dragons"},
	}}
	res := call(t, "POST", "/api/articles", body, token(user))
	if res.status != 201 {
		t.Fatalf("POST /api/articles answered %d", res.status)
	}
	author, _ := res.inner("article")["author"].(object)
	if author["username"] != user["username"] {
		t.Fatalf("the author is %v; expected %v", author, user["username"])
	}
	read := call(t, "GET", "/api/articles/"+res.inner("article")["slug"].(string), nil, "")
	if read.inner("article")["body"] != "Believe." {
		t.Fatalf("reading the article gave %v", read.body)
	}
}

func TestOnlyTheAuthorMayDelete(t *testing.T) {
	author, other := register(t), register(t)
	slug, _ := publish(t, author, "Mine")["slug"].(string)
	if res := call(t, "DELETE", "/api/articles/"+slug, nil, token(other)); res.status != 403 {
		t.Fatalf("another user's delete answered %d; expected 403", res.status)
	}
	if res := call(t, "DELETE", "/api/articles/"+slug, nil, token(author)); res.status != 204 {
		t.Fatalf("the author's delete answered %d; expected 204", res.status)
	}
}

func TestListByAuthorUsesTheEnvelope(t *testing.T) {
	user := register(t)
	created := publish(t, user, "Listed")
	page := call(t, "GET", "/api/articles?author="+user["username"].(string)+"&limit=10", nil, "").body
	articles, _ := page["articles"].([]any)
	if len(articles) != 1 || articles[0].(object)["slug"] != created["slug"] || page["articlesCount"] != float64(1) {
		t.Fatalf("expected one article and articlesCount 1, got %v", page)
	}
}
