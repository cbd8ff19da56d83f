// Package orders reads customers, their orders and order lines. The checkout writes orders straight
// into the database at any time, so every answer is computed from the tables at the moment of the
// request (nothing is cached in the process). Every request runs a fixed number of queries, each
// served by an index: the cost of a request does not grow with the customer's history.
package orders

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound is returned for a customer that does not exist.
var ErrNotFound = errors.New("customer does not exist")

// Line is an order line as the API shows it.
type Line struct {
	SKU            string `json:"sku"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
}

// Order is an order as the API shows it.
type Order struct {
	ID         int64     `json:"id"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`
	TotalCents int64     `json:"total_cents"`
	Lines      []Line    `json:"lines"`
}

// Page is one page of a customer's orders.
type Page struct {
	Items      []Order `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// Summary is what a customer has ordered.
type Summary struct {
	CustomerID     int64      `json:"customer_id"`
	Name           string     `json:"name"`
	Region         string     `json:"region"`
	OrderCount     int64      `json:"order_count"`
	PaidTotalCents int64      `json:"paid_total_cents"`
	LastOrderAt    *time.Time `json:"last_order_at"`
}

const firstPage = `
SELECT id, status, created_at FROM orders WHERE customer_id = $1
ORDER BY created_at DESC, id DESC LIMIT $2`

// The row comparison matches the index order, so the scan starts right after the previous page.
const nextPage = `
SELECT id, status, created_at FROM orders
WHERE customer_id = $1 AND (created_at, id) < ($3, $4)
ORDER BY created_at DESC, id DESC LIMIT $2`

const linesOfOrders = `
SELECT order_id, sku, quantity, unit_price_cents FROM order_lines WHERE order_id = ANY($1) ORDER BY id`

const summary = `
SELECT c.id, c.name, c.region,
       (SELECT count(*) FROM orders o WHERE o.customer_id = c.id),
       (SELECT coalesce(sum(l.quantity * l.unit_price_cents), 0)::bigint
          FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.customer_id = c.id AND o.status = 'paid'),
       (SELECT max(o.created_at) FROM orders o WHERE o.customer_id = c.id)
FROM customers c WHERE c.id = $1`

// Store reads the tables.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// PageOfOrders is a customer's orders, newest first, limit of them after the cursor: three queries
// (the customer, the page, the page's lines) whatever the page size.
func (s *Store) PageOfOrders(ctx context.Context, customerID int64, limit int, cursor string) (Page, error) {
	var after *position
	if cursor != "" {
		pos, err := decodeCursor(cursor)
		if err != nil {
			return Page{}, err
		}
		after = &pos
	}
	if err := s.requireCustomer(ctx, customerID); err != nil {
		return Page{}, err
	}
	orders, err := s.orders(ctx, customerID, limit+1, after) // one more tells whether a next page follows
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: orders[:min(limit, len(orders))]}
	if len(orders) > limit {
		next := encodeCursor(page.Items[limit-1])
		page.NextCursor = &next
	}
	return page, s.fillLines(ctx, page.Items)
}

func (s *Store) requireCustomer(ctx context.Context, id int64) error {
	var found int
	err := s.pool.QueryRow(ctx, "SELECT 1 FROM customers WHERE id = $1", id).Scan(&found)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

func (s *Store) orders(ctx context.Context, customerID int64, limit int, after *position) ([]Order, error) {
	sql, args := firstPage, []any{customerID, limit}
	if after != nil {
		sql, args = nextPage, append(args, after.CreatedAt, after.ID)
	}
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Order, error) {
		o := Order{Lines: []Line{}}
		err := row.Scan(&o.ID, &o.Status, &o.CreatedAt)
		return o, err
	})
}

// fillLines reads the lines of all the orders in one query and adds up their totals.
func (s *Store) fillLines(ctx context.Context, orders []Order) error {
	if len(orders) == 0 {
		return nil
	}
	byID := make(map[int64]*Order, len(orders))
	ids := make([]int64, len(orders))
	for i := range orders {
		byID[orders[i].ID], ids[i] = &orders[i], orders[i].ID
	}
	rows, err := s.pool.Query(ctx, linesOfOrders, ids)
	if err != nil {
		return err
	}
	var orderID int64
	var line Line
	_, err = pgx.ForEachRow(rows, []any{&orderID, &line.SKU, &line.Quantity, &line.UnitPriceCents}, func() error {
		order := byID[orderID]
		order.Lines = append(order.Lines, line)
		order.TotalCents += line.Quantity * line.UnitPriceCents
		return nil
	})
	return err
}

// CustomerSummary is how many orders a customer placed, how much they paid, and when they last
// ordered: one statement, whose aggregates read the customer's orders through the indexes.
func (s *Store) CustomerSummary(ctx context.Context, customerID int64) (Summary, error) {
	var sum Summary
	err := s.pool.QueryRow(ctx, summary, customerID).Scan(
		&sum.CustomerID, &sum.Name, &sum.Region, &sum.OrderCount, &sum.PaidTotalCents, &sum.LastOrderAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return sum, ErrNotFound
	}
	return sum, err
}
