package bookings

import (
	"net/http"
	"testing"
	"time"

	"bookings/internal/httpx"
	"bookings/internal/rooms"
)

var now = time.Date(2030, 5, 1, 8, 0, 0, 0, time.UTC)

func at(clock string) time.Time {
	t, err := time.Parse("15:04", clock)
	if err != nil {
		panic(err)
	}
	return time.Date(2030, 5, 1, t.Hour(), t.Minute(), 0, 0, time.UTC)
}

func TestCheckTimes(t *testing.T) {
	cases := []struct {
		name         string
		start, end   string
		startChanged bool
		field        string // "" when valid
	}{
		{"an hour", "09:00", "10:00", true, ""},
		{"exactly four hours", "09:00", "13:00", true, ""},
		{"over four hours", "09:00", "13:01", true, "ends_at"},
		{"ends before it starts", "09:00", "08:30", true, "ends_at"},
		{"ends when it starts", "09:00", "09:00", true, "ends_at"},
		{"starts in the past", "07:00", "08:30", true, "starts_at"},
		{"started in the past, start unchanged", "07:00", "08:30", false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckTimes(at(c.start), at(c.end), now, c.startChanged)
			if c.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			p, ok := err.(*httpx.Problem)
			if !ok || p.Status != http.StatusUnprocessableEntity || p.Errors[0].Field != c.field {
				t.Fatalf("want a 422 on %s, got %v", c.field, err)
			}
		})
	}
}

func TestCheckCapacity(t *testing.T) {
	room := rooms.Room{ID: 1, Capacity: 4}
	if err := CheckCapacity(room, 4); err != nil {
		t.Fatalf("4 attendees fit a room for 4: %v", err)
	}
	if err := CheckCapacity(room, 5); !httpx.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Fatalf("5 attendees in a room for 4: want a 422, got %v", err)
	}
}

func TestFingerprintIgnoresSpelling(t *testing.T) {
	paris := time.FixedZone("+02:00", 2*3600)
	a := NewBooking{RoomID: 1, Title: "Retro", Attendees: 1, StartsAt: at("09:00"), EndsAt: at("10:00")}
	b := a
	b.StartsAt, b.EndsAt = at("09:00").In(paris).UTC(), at("10:00").In(paris).UTC()
	fa, _ := fingerprint(a)
	fb, _ := fingerprint(b)
	if fa != fb {
		t.Fatal("the same instants must give the same fingerprint")
	}
	b.Title = "Other"
	if fc, _ := fingerprint(b); fc == fa {
		t.Fatal("another title must give another fingerprint")
	}
}
