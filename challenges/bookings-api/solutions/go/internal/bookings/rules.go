// Package bookings is the /bookings resource. The business rules live here and in the
// bookings_no_overlap exclusion constraint of the schema:
//
//   - ends_at is after starts_at, and a booking lasts at most MaxDuration;
//   - starts_at is not in the past (when it is set or changed);
//   - attendees fit the room's capacity;
//   - no two confirmed bookings of a room overlap, with half-open intervals [starts_at, ends_at),
//     so back-to-back bookings are fine. The database enforces this, so it holds under concurrency.
//
// Cancelling (DELETE) keeps the booking, with status "cancelled", and frees its slot.
package bookings

import (
	"strconv"
	"time"

	"bookings/internal/httpx"
	"bookings/internal/rooms"
)

// MaxDuration is the longest a booking may last (exactly this long is fine).
const MaxDuration = 4 * time.Hour

// Statuses of a booking.
const (
	Confirmed = "confirmed"
	Cancelled = "cancelled"
)

// Booking as the API shows it; Version is the ETag.
type Booking struct {
	ID        int64     `json:"id"`
	RoomID    int64     `json:"room_id"`
	Title     string    `json:"title"`
	Attendees int       `json:"attendees"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Status    string    `json:"status"`
	Version   int       `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CheckTimes applies the time rules; the past is only checked when starts_at is being set.
func CheckTimes(startsAt, endsAt, now time.Time, startChanged bool) error {
	if !endsAt.After(startsAt) {
		return httpx.InvalidField("ends_at", "must be after starts_at")
	}
	if endsAt.Sub(startsAt) > MaxDuration {
		return httpx.InvalidField("ends_at", "a booking may last at most "+strconv.Itoa(int(MaxDuration.Hours()))+" hours")
	}
	if startChanged && startsAt.Before(now) {
		return httpx.InvalidField("starts_at", "must not be in the past")
	}
	return nil
}

// CheckCapacity refuses more attendees than the room holds.
func CheckCapacity(room rooms.Room, attendees int) error {
	if attendees > room.Capacity {
		return httpx.InvalidField("attendees",
			"room "+strconv.FormatInt(room.ID, 10)+" holds at most "+strconv.Itoa(room.Capacity)+" people")
	}
	return nil
}

func overlap(roomID int64) error {
	return httpx.Conflict("Room " + strconv.FormatInt(roomID, 10) + " is already booked for part of that time")
}

func unknownRoom(roomID int64) error {
	return httpx.InvalidField("room_id", "room "+strconv.FormatInt(roomID, 10)+" does not exist")
}
