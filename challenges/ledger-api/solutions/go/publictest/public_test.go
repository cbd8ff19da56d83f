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
	"net/http"
	"os"
	"testing"
)

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

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func call(t *testing.T, method, path string, body any, headers map[string]string) response {
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
	req.Header.Set("Content-Type", "application/json")
	for name, value := range headers {
		req.Header.Set(name, value)
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

func openAccount(t *testing.T, balance int) map[string]any {
	t.Helper()
	res := call(t, "POST", "/accounts", map[string]any{"owner": "Test owner", "initial_balance": balance}, nil)
	if res.status != 201 {
		t.Fatalf("POST /accounts answered %d; expected 201", res.status)
	}
	return res.body
}

func balance(t *testing.T, account map[string]any) float64 {
	t.Helper()
	value, _ := call(t, "GET", fmt.Sprintf("/accounts/%v", account["id"]), nil, nil).body["balance"].(float64)
	return value
}

func transfer(t *testing.T, from, to map[string]any, amount any, headers map[string]string) response {
	t.Helper()
	body := map[string]any{"from_account_id": from["id"], "to_account_id": to["id"], "amount": amount}
	return call(t, "POST", "/transfers", body, headers)
}

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func TestHealth(t *testing.T) {
	if res := call(t, "GET", "/health", nil, nil); res.status != 200 {
		t.Fatalf("GET /health answered %d", res.status)
	}
}

func TestOpenAccountReturns201WithLocation(t *testing.T) {
	res := call(t, "POST", "/accounts", map[string]any{"owner": "Alice", "initial_balance": 10000}, nil)
	if res.status != 201 {
		t.Fatalf("POST /accounts answered %d; expected 201", res.status)
	}
	got := call(t, "GET", res.header.Get("Location"), nil, nil)
	if got.body["balance"] != 10000.0 {
		t.Fatalf("GET %s gave %v; expected a balance of 10000", res.header.Get("Location"), got.body)
	}
}

func TestTransferMovesTheMoney(t *testing.T) {
	a, b := openAccount(t, 10000), openAccount(t, 0)
	if res := transfer(t, a, b, 2500, nil); res.status != 201 {
		t.Fatalf("POST /transfers answered %d; expected 201", res.status)
	}
	if balance(t, a) != 7500 || balance(t, b) != 2500 {
		t.Fatalf("balances are %v and %v; expected 7500 and 2500", balance(t, a), balance(t, b))
	}
}

func TestOverdraftIs409(t *testing.T) {
	a, b := openAccount(t, 100), openAccount(t, 0)
	if res := transfer(t, a, b, 101, nil); res.status != 409 {
		t.Fatalf("POST /transfers answered %d; expected 409", res.status)
	}
	if balance(t, a) != 100 {
		t.Fatalf("a refused transfer changed the balance to %v", balance(t, a))
	}
}

func TestInvalidAmountIs422NamingTheField(t *testing.T) {
	a, b := openAccount(t, 0), openAccount(t, 0)
	res := transfer(t, a, b, 0, nil)
	errs, _ := res.body["errors"].([]any)
	named := false
	for _, e := range errs {
		entry, _ := e.(map[string]any)
		named = named || entry["field"] == "amount"
	}
	if res.status != 422 || !named {
		t.Fatalf("answered %d %v; expected 422 with an error on amount", res.status, res.body)
	}
}

func TestRetryWithTheSameKeyMovesTheMoneyOnce(t *testing.T) {
	a, b := openAccount(t, 1000), openAccount(t, 0)
	key := map[string]string{"Idempotency-Key": newKey()}
	first, again := transfer(t, a, b, 300, key), transfer(t, a, b, 300, key)
	if first.status != 201 || again.status != 201 || again.body["id"] != first.body["id"] {
		t.Fatalf("answered %d %v then %d %v; expected the same transfer twice", first.status, first.body["id"],
			again.status, again.body["id"])
	}
	if balance(t, b) != 300 {
		t.Fatalf("the receiver holds %v; expected 300", balance(t, b))
	}
}
