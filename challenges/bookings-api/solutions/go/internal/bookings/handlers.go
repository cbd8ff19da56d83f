package bookings

import (
	"math"
	"net/http"

	"bookings/internal/httpx"
	"bookings/internal/validate"
)

const maxIdempotencyKey = 255

// Handlers serve /bookings.
type Handlers struct {
	Store Store
}

// Register adds the /bookings routes to mux.
func (h Handlers) Register(mux *http.ServeMux) {
	mux.Handle("POST /bookings", httpx.Handle(h.create))
	mux.Handle("GET /bookings", httpx.Handle(h.list))
	mux.Handle("GET /bookings/{id}", httpx.Handle(h.get))
	mux.Handle("PATCH /bookings/{id}", httpx.Handle(h.update))
	mux.Handle("DELETE /bookings/{id}", httpx.Handle(h.cancel))
}

func (h Handlers) create(w http.ResponseWriter, r *http.Request) error {
	in, err := newBooking(w, r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	out, err := h.Store.Create(r.Context(), in, key)
	if err != nil {
		return err
	}
	if replay := out.Replay; replay != nil {
		w.Header().Set("Location", replay.Location)
		w.Header().Set("Idempotent-Replayed", "true")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(replay.Status)
		_, _ = w.Write(replay.Body)
		return nil
	}
	w.Header().Set("Location", Location(out.Booking.ID))
	w.Header().Set("ETag", httpx.ETag(out.Booking.Version))
	httpx.WriteJSON(w, http.StatusCreated, out.Booking)
	return nil
}

// newBooking validates a POST body; every field error is reported at once.
func newBooking(w http.ResponseWriter, r *http.Request) (NewBooking, error) {
	fields, err := httpx.DecodeObject(w, r)
	if err != nil {
		return NewBooking{}, err
	}
	body := validate.NewBody(fields, false)
	roomID := body.Int("room_id", 1, math.MaxInt64, true)
	title := body.String("title", 200, true)
	startsAt := body.Time("starts_at", true)
	endsAt := body.Time("ends_at", true)
	attendees := body.Int("attendees", 1, 1000, false)
	if err := body.Err(); err != nil {
		return NewBooking{}, err
	}
	in := NewBooking{RoomID: *roomID, Title: *title, Attendees: 1, StartsAt: *startsAt, EndsAt: *endsAt}
	if attendees != nil {
		in.Attendees = int(*attendees)
	}
	return in, nil
}

// idempotencyKey is the Idempotency-Key header, "" when absent; 422 when empty or too long.
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values("Idempotency-Key")
	if len(values) == 0 {
		return "", nil
	}
	if key := values[0]; key != "" && len(key) <= maxIdempotencyKey {
		return key, nil
	}
	return "", httpx.InvalidField("Idempotency-Key", "must be 1 to 255 characters")
}

func (h Handlers) list(w http.ResponseWriter, r *http.Request) error {
	query := validate.NewQuery(r.URL.Query())
	params := ListParams{
		RoomID: query.OptionalInt("room_id", 1, math.MaxInt64),
		Status: query.OneOf("status", []string{Confirmed, Cancelled}, ""),
		From:   query.Time("from"),
		To:     query.Time("to"),
		Sort:   query.OneOf("sort", SortNames, "starts_at"),
		Limit:  int(query.Int("limit", 1, 100, 20)),
		Cursor: query.Text("cursor", 500),
	}
	if err := query.Err(); err != nil {
		return err
	}
	if params.From != nil && params.To != nil && !params.To.After(*params.From) {
		return httpx.InvalidField("to", "must be after from")
	}
	page, err := h.Store.List(r.Context(), params)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, page)
	return nil
}

func (h Handlers) get(w http.ResponseWriter, r *http.Request) error {
	id, ok := httpx.PathID(r)
	if !ok {
		return badID()
	}
	booking, err := Find(r.Context(), h.Store.Pool, id, false)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", httpx.ETag(booking.Version))
	httpx.WriteJSON(w, http.StatusOK, booking)
	return nil
}

func (h Handlers) update(w http.ResponseWriter, r *http.Request) error {
	changes, err := bookingChanges(w, r)
	if err != nil {
		return err
	}
	id, ok := httpx.PathID(r)
	if !ok {
		return badID()
	}
	booking, err := h.Store.Update(r.Context(), id, changes, ifMatch(r))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", httpx.ETag(booking.Version))
	httpx.WriteJSON(w, http.StatusOK, booking)
	return nil
}

// bookingChanges validates a PATCH body: only the fields sent, under the rules of a new booking.
func bookingChanges(w http.ResponseWriter, r *http.Request) (Changes, error) {
	fields, err := httpx.DecodeObject(w, r)
	if err != nil {
		return Changes{}, err
	}
	body := validate.NewBody(fields, true)
	changes := Changes{
		Title:    body.String("title", 200, true),
		StartsAt: body.Time("starts_at", true),
		EndsAt:   body.Time("ends_at", true),
	}
	attendees := body.Int("attendees", 1, 1000, true)
	if err := body.Err(); err != nil {
		return Changes{}, err
	}
	if attendees != nil {
		n := int(*attendees)
		changes.Attendees = &n
	}
	return changes, nil
}

func (h Handlers) cancel(w http.ResponseWriter, r *http.Request) error {
	id, ok := httpx.PathID(r)
	if !ok {
		return badID()
	}
	if err := h.Store.Cancel(r.Context(), id, ifMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func ifMatch(r *http.Request) func(version int) error {
	return func(version int) error { return httpx.CheckIfMatch(r, version) }
}

// badID answers an id that cannot name a booking (not a positive integer).
func badID() error {
	return httpx.NotFound("There is no booking with that id")
}
