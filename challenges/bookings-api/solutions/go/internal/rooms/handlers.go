package rooms

import (
	"net/http"
	"strconv"

	"bookings/internal/httpx"
	"bookings/internal/validate"
)

// Handlers serve /rooms.
type Handlers struct {
	Store Store
}

// Register adds the /rooms routes to mux.
func (h Handlers) Register(mux *http.ServeMux) {
	mux.Handle("POST /rooms", httpx.Handle(h.create))
	mux.Handle("GET /rooms", httpx.Handle(h.list))
	mux.Handle("GET /rooms/{id}", httpx.Handle(h.get))
	mux.Handle("PATCH /rooms/{id}", httpx.Handle(h.update))
	mux.Handle("DELETE /rooms/{id}", httpx.Handle(h.remove))
}

// roomFields validates name and capacity; partial for PATCH.
func roomFields(w http.ResponseWriter, r *http.Request, partial bool) (Changes, error) {
	fields, err := httpx.DecodeObject(w, r)
	if err != nil {
		return Changes{}, err
	}
	body := validate.NewBody(fields, partial)
	name := body.String("name", 100, true)
	capacity := body.Int("capacity", 1, 1000, true)
	if err := body.Err(); err != nil {
		return Changes{}, err
	}
	changes := Changes{Name: name}
	if capacity != nil {
		c := int(*capacity)
		changes.Capacity = &c
	}
	return changes, nil
}

func (h Handlers) create(w http.ResponseWriter, r *http.Request) error {
	fields, err := roomFields(w, r, false)
	if err != nil {
		return err
	}
	room, err := h.Store.Create(r.Context(), *fields.Name, *fields.Capacity)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/rooms/"+strconv.FormatInt(room.ID, 10))
	w.Header().Set("ETag", httpx.ETag(room.Version))
	httpx.WriteJSON(w, http.StatusCreated, room)
	return nil
}

func (h Handlers) list(w http.ResponseWriter, r *http.Request) error {
	query := validate.NewQuery(r.URL.Query())
	params := ListParams{
		Q:           query.Text("q", 100),
		MinCapacity: query.OptionalInt("min_capacity", 1, 1_000_000),
		Sort:        query.OneOf("sort", SortNames, "name"),
		Limit:       int(query.Int("limit", 1, 100, 20)),
		Cursor:      query.Text("cursor", 500),
	}
	if err := query.Err(); err != nil {
		return err
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
	room, err := Find(r.Context(), h.Store.Pool, id, false)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", httpx.ETag(room.Version))
	httpx.WriteJSON(w, http.StatusOK, room)
	return nil
}

func (h Handlers) update(w http.ResponseWriter, r *http.Request) error {
	changes, err := roomFields(w, r, true)
	if err != nil {
		return err
	}
	id, ok := httpx.PathID(r)
	if !ok {
		return badID()
	}
	room, err := h.Store.Update(r.Context(), id, changes, ifMatch(r))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", httpx.ETag(room.Version))
	httpx.WriteJSON(w, http.StatusOK, room)
	return nil
}

func (h Handlers) remove(w http.ResponseWriter, r *http.Request) error {
	id, ok := httpx.PathID(r)
	if !ok {
		return badID()
	}
	if err := h.Store.Delete(r.Context(), id, ifMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func ifMatch(r *http.Request) func(version int) error {
	return func(version int) error { return httpx.CheckIfMatch(r, version) }
}

// badID answers an id that cannot name a room (not a positive integer).
func badID() error {
	return httpx.NotFound("There is no room with that id")
}
