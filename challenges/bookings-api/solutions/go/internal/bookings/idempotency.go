package bookings

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/jackc/pgx/v5"

	"bookings/internal/httpx"
)

// Idempotency-Key for POST /bookings.
//
// The key row is inserted first, inside the request's transaction, so a second request with the
// same key waits on the primary key until the first commits (then replays its response) or rolls
// back (then runs itself). Only successful responses are remembered: a request that failed
// changed nothing and may be retried with the same key.

const (
	claimKey = "INSERT INTO idempotency_keys (key, request_hash) VALUES ($1, $2)" +
		" ON CONFLICT (key) DO NOTHING RETURNING key"
	storedResponse = "SELECT request_hash, status_code, body, location FROM idempotency_keys WHERE key = $1"
	rememberKey    = "UPDATE idempotency_keys SET status_code = $1, body = $2, location = $3 WHERE key = $4"
)

// Replay is a response remembered for an Idempotency-Key.
type Replay struct {
	Status   int
	Body     json.RawMessage
	Location string
}

// fingerprint identifies a request by its validated fields (defaults applied, times in UTC),
// so the same request always has the same fingerprint however its JSON was spelled.
func fingerprint(in NewBooking) (string, error) {
	canonical, err := json.Marshal(in)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:]), nil
}

// claim reserves key for this request. It returns the stored response to replay, or nil when this
// request should run; a key used before with another body is a 422.
func claim(ctx context.Context, tx pgx.Tx, key string, in NewBooking) (*Replay, error) {
	hash, err := fingerprint(in)
	if err != nil {
		return nil, err
	}
	var claimed string
	err = tx.QueryRow(ctx, claimKey, key, hash).Scan(&claimed)
	if err == nil {
		return nil, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	var storedHash string
	var replay Replay
	if err := tx.QueryRow(ctx, storedResponse, key).Scan(&storedHash, &replay.Status, &replay.Body, &replay.Location); err != nil {
		return nil, err
	}
	if storedHash != hash {
		return nil, &httpx.Problem{
			Type: "/problems/idempotency-key-reused", Title: "Idempotency key reused", Status: http.StatusUnprocessableEntity,
			Detail: "Idempotency-Key '" + key + "' was already used with a different request body",
		}
	}
	return &replay, nil
}

// remember stores the response of the request that claimed key.
func remember(ctx context.Context, tx pgx.Tx, key string, status int, body any, location string) error {
	encoded, err := json.Marshal(body)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, rememberKey, status, encoded, location, key)
	return err
}
