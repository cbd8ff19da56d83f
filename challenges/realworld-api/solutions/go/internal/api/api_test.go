package api

import (
	"encoding/json"
	"net/url"
	"testing"
)

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"How to train your dragon": "how-to-train-your-dragon",
		"  Ünïcode & spaces!! ":    "n-code-spaces",
		"???":                      "article",
	}
	for title, want := range cases {
		if got := slugify(title); got != want {
			t.Errorf("slugify(%q) = %q; want %q", title, got, want)
		}
	}
}

func TestTextFieldTypes(t *testing.T) {
	var f fields
	if err := json.Unmarshal([]byte(`{"title": ["x"], "body": "  ", "bio": null}`), &f); err != nil {
		t.Fatal(err)
	}
	if _, err := f.text("title", true, 10); err == nil {
		t.Error("a list is not a string")
	}
	if _, err := f.text("body", true, 10); err == nil {
		t.Error("a blank required field must be refused")
	}
	if bio, err := f.text("bio", false, 10); err != nil || bio != nil || !f.has("bio") {
		t.Errorf("null is an absent value that was sent: %v %v", bio, err)
	}
}

func TestTagListIsTrimmedAndDeduplicated(t *testing.T) {
	var f fields
	_ = json.Unmarshal([]byte(`{"tagList": ["go", " go ", "web"]}`), &f)
	tags, err := f.strings("tagList", 100)
	if err != nil || len(tags) != 2 {
		t.Fatalf("got %v %v; want [go web]", tags, err)
	}
}

func TestPagingNumbers(t *testing.T) {
	for _, raw := range []string{"abc", "-1", "+5", "1;SELECT 1", "101"} {
		if _, err := queryNumber(url.Values{"limit": {raw}}, "limit", 20, 1, 100); err == nil {
			t.Errorf("limit=%q must be refused", raw)
		}
	}
	if n, err := queryNumber(url.Values{}, "limit", 20, 1, 100); err != nil || n != 20 {
		t.Errorf("the default is 20, got %d %v", n, err)
	}
}
