package httpx

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// ETag of a row: its version, which every write increments.
func ETag(version int) string {
	return `"` + strconv.Itoa(version) + `"`
}

// CheckIfMatch implements optimistic concurrency: without If-Match the write goes through
// (last write wins, as documented); with one that does not name the current ETag it is a 412.
func CheckIfMatch(r *http.Request, version int) error {
	values := r.Header.Values("If-Match")
	if len(values) == 0 {
		return nil
	}
	current := ETag(version)
	for _, value := range values {
		for _, tag := range strings.Split(value, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || tag == current {
				return nil
			}
		}
	}
	return PreconditionFailed("If-Match " + strings.Join(values, ", ") + " does not match the current ETag " + current)
}

var pathID = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)

// PathID reads the {id} path value: a positive integer, or ok=false (the caller answers 404).
func PathID(r *http.Request) (int64, bool) {
	raw := r.PathValue("id")
	if !pathID.MatchString(raw) {
		return 0, false
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	return id, err == nil
}
