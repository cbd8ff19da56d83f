package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"ledger/internal/httpx"
)

// applyTransfer runs inside one READ COMMITTED transaction. Both accounts are locked in id order
// before anything is read, so transfers touching the same accounts run one after the other and two
// transfers in opposite directions never wait for each other (no deadlock). The balance is read
// under the lock, so no concurrent transfer can spend it in between (no lost update, no overdraft).
// The idempotency key is looked up under the same locks: a retry arriving while the first request
// runs waits for it, then sees its committed transfer and answers it again.
func applyTransfer(ctx context.Context, tx pgx.Tx, req TransferRequest) (Transfer, error) {
	balances, err := lockAccounts(ctx, tx, req)
	if err != nil {
		return Transfer{}, err
	}
	if req.Key != "" {
		earlier, found, err := transferByKey(ctx, tx, req)
		if err != nil || found {
			return earlier, err
		}
	}
	if balances[req.FromAccountID] < req.Amount {
		return Transfer{}, httpx.InsufficientFunds(
			fmt.Sprintf("account %d holds less than %d", req.FromAccountID, req.Amount))
	}
	batch := &pgx.Batch{}
	batch.Queue("UPDATE accounts SET balance = balance - $1 WHERE id = $2", req.Amount, req.FromAccountID)
	batch.Queue("UPDATE accounts SET balance = balance + $1 WHERE id = $2", req.Amount, req.ToAccountID)
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return Transfer{}, err
	}
	t, err := scanTransfer(tx.QueryRow(ctx, insertTransfer, req.FromAccountID, req.ToAccountID, req.Amount, req.Key))
	return t, err
}

// lockAccounts takes both accounts' row locks in id order and returns their balances by id.
// FOR NO KEY UPDATE, not FOR UPDATE: the transfer's foreign keys take a key-share lock on the
// accounts, which FOR NO KEY UPDATE lets through.
func lockAccounts(ctx context.Context, tx pgx.Tx, req TransferRequest) (map[int64]int64, error) {
	rows, err := tx.Query(ctx,
		"SELECT id, balance FROM accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
		[]int64{req.FromAccountID, req.ToAccountID})
	if err != nil {
		return nil, err
	}
	balances := map[int64]int64{}
	var id, balance int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &balance}, func() error {
		balances[id] = balance
		return nil
	}); err != nil {
		return nil, err
	}
	var missing []httpx.FieldError
	if _, ok := balances[req.FromAccountID]; !ok {
		missing = append(missing, httpx.FieldError{Field: "from_account_id", Message: "no such account"})
	}
	if _, ok := balances[req.ToAccountID]; !ok {
		missing = append(missing, httpx.FieldError{Field: "to_account_id", Message: "no such account"})
	}
	if len(missing) > 0 {
		return nil, httpx.Invalid(missing...)
	}
	return balances, nil
}

type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// transferByKey finds the transfer made earlier under req's key; another transfer under it is a 422.
func transferByKey(ctx context.Context, q queryRower, req TransferRequest) (Transfer, bool, error) {
	t, err := scanTransfer(q.QueryRow(ctx, selectTransferByKey, req.Key))
	if errors.Is(err, pgx.ErrNoRows) {
		return Transfer{}, false, nil
	}
	if err != nil {
		return Transfer{}, false, err
	}
	if !req.sameTransfer(t) {
		return Transfer{}, false, httpx.KeyReused()
	}
	return t, true, nil
}
