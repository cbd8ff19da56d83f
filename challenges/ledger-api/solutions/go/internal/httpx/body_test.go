package httpx

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func decode(t *testing.T, body string) *Object {
	t.Helper()
	obj, err := DecodeObject(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(body)))
	if err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return obj
}

func TestMoneyIsAnIntegerNumberOfCents(t *testing.T) {
	for _, raw := range []string{`12.5`, `"100"`, `1e3`, `true`, `null`, `-1`, `1000000001`} {
		obj := decode(t, `{"amount": `+raw+`}`)
		obj.Int("amount", 1, 1_000_000_000)
		if obj.Err() == nil {
			t.Errorf("amount %s was accepted", raw)
		}
	}
	obj := decode(t, `{"amount": 2500}`)
	if got := obj.Int("amount", 1, 1_000_000_000); got != 2500 || obj.Err() != nil {
		t.Errorf("amount 2500 read as %d (%v)", got, obj.Err())
	}
}

func TestEveryBadFieldIsNamed(t *testing.T) {
	obj := decode(t, `{"owner": ""}`)
	obj.String("owner", 1, 100)
	obj.Int("amount", 1, 10)
	p, ok := obj.Err().(*Problem)
	if !ok || p.Status != 422 || len(p.Errors) != 2 || p.Errors[0].Field != "owner" || p.Errors[1].Field != "amount" {
		t.Fatalf("expected a 422 naming owner and amount, got %#v", obj.Err())
	}
}

func TestOwnerLengthCountsCharacters(t *testing.T) {
	obj := decode(t, `{"owner": "`+strings.Repeat("é", 100)+`"}`)
	if obj.String("owner", 1, 100); obj.Err() != nil {
		t.Fatalf("100 characters were refused: %v", obj.Err())
	}
}

func TestABodyThatIsNotJSONIs400(t *testing.T) {
	_, err := DecodeObject(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(`{"amount": `)))
	if p, ok := err.(*Problem); !ok || p.Status != 400 {
		t.Fatalf("expected a 400, got %v", err)
	}
}
