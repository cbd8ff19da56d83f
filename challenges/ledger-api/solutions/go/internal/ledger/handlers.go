package ledger

import (
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"ledger/internal/httpx"
)

const (
	defaultListLimit = 50
	maxListLimit     = 100
	maxKeyLength     = 200
)

// Handlers serves the accounts and transfers routes.
type Handlers struct {
	store *Store
}

// NewHandlers returns the handlers over store.
func NewHandlers(store *Store) *Handlers { return &Handlers{store: store} }

// OpenAccount handles POST /accounts.
func (h *Handlers) OpenAccount(w http.ResponseWriter, r *http.Request) error {
	body, err := httpx.DecodeObject(w, r)
	if err != nil {
		return err
	}
	owner := body.String("owner", 1, 100)
	balance := body.OptionalInt("initial_balance", 0, MaxCents, 0)
	if err := body.Err(); err != nil {
		return err
	}
	account, err := h.store.OpenAccount(r.Context(), owner, balance)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/accounts/%d", account.ID))
	httpx.WriteJSON(w, http.StatusCreated, account)
	return nil
}

// ReadAccount handles GET /accounts/{id}.
func (h *Handlers) ReadAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "account")
	if err != nil {
		return err
	}
	account, err := h.store.Account(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, account)
	return nil
}

// AccountTransfers handles GET /accounts/{id}/transfers.
func (h *Handlers) AccountTransfers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "account")
	if err != nil {
		return err
	}
	limit, err := queryLimit(r)
	if err != nil {
		return err
	}
	items, err := h.store.AccountTransfers(r.Context(), id, limit)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// MakeTransfer handles POST /transfers: a replayed Idempotency-Key answers the first response again.
func (h *Handlers) MakeTransfer(w http.ResponseWriter, r *http.Request) error {
	req, err := transferRequest(w, r)
	if err != nil {
		return err
	}
	transfer, err := h.store.MakeTransfer(r.Context(), req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/transfers/%d", transfer.ID))
	httpx.WriteJSON(w, http.StatusCreated, transfer)
	return nil
}

// ReadTransfer handles GET /transfers/{id}.
func (h *Handlers) ReadTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "transfer")
	if err != nil {
		return err
	}
	transfer, err := h.store.Transfer(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, transfer)
	return nil
}

// transferRequest validates the body and the Idempotency-Key header of POST /transfers.
func transferRequest(w http.ResponseWriter, r *http.Request) (TransferRequest, error) {
	body, err := httpx.DecodeObject(w, r)
	if err != nil {
		return TransferRequest{}, err
	}
	req := TransferRequest{
		FromAccountID: body.Int("from_account_id", 1, 1<<62),
		ToAccountID:   body.Int("to_account_id", 1, 1<<62),
		Amount:        body.Int("amount", 1, MaxCents),
		Key:           r.Header.Get("Idempotency-Key"),
	}
	if req.FromAccountID != 0 && req.FromAccountID == req.ToAccountID {
		body.Fail("to_account_id", "must differ from from_account_id")
	}
	if _, sent := r.Header["Idempotency-Key"]; sent && (req.Key == "" || utf8.RuneCountInString(req.Key) > maxKeyLength) {
		body.Fail("Idempotency-Key", "must be 1 to 200 characters")
	}
	return req, body.Err()
}

// pathID reads the {id} of the path; anything but a positive integer names no resource (404).
func pathID(r *http.Request, resource string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, httpx.NotFound(resource + " does not exist")
	}
	return id, nil
}

func queryLimit(r *http.Request) (int64, error) {
	raw := r.URL.Query().Get("limit")
	if raw == "" {
		return defaultListLimit, nil
	}
	limit, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || limit < 1 || limit > maxListLimit {
		return 0, httpx.InvalidField("limit", "must be an integer from 1 to 100")
	}
	return limit, nil
}
