package ledger

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ledger/internal/db"
	"ledger/internal/httpx"
)

// The statements that read transfers; each returns the columns scanTransfer reads.
const (
	selectTransfer        = "SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE id = $1"
	selectTransferByKey   = "SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE idempotency_key = $1"
	selectAccountTransfer = `SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers
		WHERE from_account_id = $1 OR to_account_id = $1 ORDER BY id DESC LIMIT $2`
	insertTransfer = `INSERT INTO transfers (from_account_id, to_account_id, amount, idempotency_key)
		VALUES ($1, $2, $3, NULLIF($4, '')) RETURNING id, from_account_id, to_account_id, amount, created_at`
)

// maxAttempts bounds the retries of a transfer the database aborted for concurrency reasons.
const maxAttempts = 3

// Store reads and writes accounts and transfers.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

func scanTransfer(row pgx.Row) (Transfer, error) {
	var t Transfer
	err := row.Scan(&t.ID, &t.FromAccountID, &t.ToAccountID, &t.Amount, &t.CreatedAt)
	return t, err
}

// OpenAccount stores a new account with its initial balance.
func (s *Store) OpenAccount(ctx context.Context, owner string, balance int64) (Account, error) {
	a := Account{Owner: owner, Balance: balance}
	err := s.pool.QueryRow(ctx,
		"INSERT INTO accounts (owner, balance) VALUES ($1, $2) RETURNING id, created_at", owner, balance,
	).Scan(&a.ID, &a.CreatedAt)
	return a, err
}

// Account reads one account; a 404 Problem when it does not exist.
func (s *Store) Account(ctx context.Context, id int64) (Account, error) {
	var a Account
	err := s.pool.QueryRow(ctx, "SELECT id, owner, balance, created_at FROM accounts WHERE id = $1", id).
		Scan(&a.ID, &a.Owner, &a.Balance, &a.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, httpx.NotFound("account does not exist")
	}
	return a, err
}

// AccountTransfers lists the newest transfers into or out of an account (which must exist).
func (s *Store) AccountTransfers(ctx context.Context, id int64, limit int64) ([]Transfer, error) {
	if _, err := s.Account(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, selectAccountTransfer, id, limit)
	if err != nil {
		return nil, err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Transfer, error) { return scanTransfer(row) })
	if items == nil {
		items = []Transfer{}
	}
	return items, err
}

// Transfer reads one transfer; a 404 Problem when it does not exist.
func (s *Store) Transfer(ctx context.Context, id int64) (Transfer, error) {
	t, err := scanTransfer(s.pool.QueryRow(ctx, selectTransfer, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, httpx.NotFound("transfer does not exist")
	}
	return t, err
}

// MakeTransfer moves the money once per Idempotency-Key: a retry answers the transfer made under the
// key before. A deadlock or serialization failure (which the lock order rules out, but a direct writer
// to the database could cause) is retried.
func (s *Store) MakeTransfer(ctx context.Context, req TransferRequest) (t Transfer, err error) {
	for range maxAttempts {
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			t, err = applyTransfer(ctx, tx, req)
			return err
		})
		if !db.IsCode(err, db.DeadlockDetected, db.SerializationFailure) {
			break
		}
	}
	if req.Key != "" && db.IsCode(err, db.UniqueViolation) {
		// The same key with other accounts raced us (other row locks): theirs is stored, answer it.
		return s.earlier(ctx, req)
	}
	return t, err
}

func (s *Store) earlier(ctx context.Context, req TransferRequest) (Transfer, error) {
	t, found, err := transferByKey(ctx, s.pool, req)
	if err == nil && !found {
		err = errors.New("idempotency key conflict without a stored transfer")
	}
	return t, err
}
