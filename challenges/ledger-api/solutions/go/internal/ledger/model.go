// Package ledger holds accounts and transfers: the rules of moving money, the SQL that keeps them
// under concurrency, and the HTTP handlers of both resources.
package ledger

import (
	"time"
)

// MaxCents bounds a balance on opening and the amount of one transfer.
const MaxCents = 1_000_000_000

// Account is an account as the API shows it.
type Account struct {
	ID        int64     `json:"id"`
	Owner     string    `json:"owner"`
	Balance   int64     `json:"balance"`
	CreatedAt time.Time `json:"created_at"`
}

// Transfer is a transfer as the API shows it.
type Transfer struct {
	ID            int64     `json:"id"`
	FromAccountID int64     `json:"from_account_id"`
	ToAccountID   int64     `json:"to_account_id"`
	Amount        int64     `json:"amount"`
	CreatedAt     time.Time `json:"created_at"`
}

// TransferRequest is a validated POST /transfers body and its Idempotency-Key ("" without one).
type TransferRequest struct {
	FromAccountID int64
	ToAccountID   int64
	Amount        int64
	Key           string
}

// sameTransfer reports whether an earlier transfer made under the request's key is this request again.
func (req TransferRequest) sameTransfer(t Transfer) bool {
	return t.FromAccountID == req.FromAccountID && t.ToAccountID == req.ToAccountID && t.Amount == req.Amount
}
