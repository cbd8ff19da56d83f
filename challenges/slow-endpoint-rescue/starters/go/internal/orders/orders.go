// Package orders reads customers, their orders and order lines. The checkout writes orders straight
// into the database; this service only reads them. It answers correctly. It is also slow: making it
// fast without changing a single answer is the task.
package orders

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound is returned for a customer that does not exist.
var ErrNotFound = errors.New("customer does not exist")

// ErrBadCursor is returned for a cursor this service never issued.
var ErrBadCursor = errors.New("cursor is not one this service returned")

// Customer is a row of customers.
type Customer struct {
	ID     int64
	Name   string
	Region string
}

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
	OrderCount     int        `json:"order_count"`
	PaidTotalCents int64      `json:"paid_total_cents"`
	LastOrderAt    *time.Time `json:"last_order_at"`
}

// Store reads the tables.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

func (s *Store) customer(ctx context.Context, id int64) (Customer, error) {
	var c Customer
	err := s.pool.QueryRow(ctx, "SELECT id, name, region FROM customers WHERE id = $1", id).Scan(&c.ID, &c.Name, &c.Region)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// orders reads every order of a customer, newest first, without their lines.
func (s *Store) orders(ctx context.Context, customerID int64) ([]Order, error) {
	rows, err := s.pool.Query(ctx,
		"SELECT id, status, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, id DESC", customerID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Order, error) {
		var o Order
		err := row.Scan(&o.ID, &o.Status, &o.CreatedAt)
		return o, err
	})
}

// withLines fills in an order's lines and its total.
func (s *Store) withLines(ctx context.Context, order Order) (Order, error) {
	rows, err := s.pool.Query(ctx,
		"SELECT sku, quantity, unit_price_cents FROM order_lines WHERE order_id = $1 ORDER BY id", order.ID)
	if err != nil {
		return order, err
	}
	order.Lines, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Line])
	if order.Lines == nil {
		order.Lines = []Line{}
	}
	for _, line := range order.Lines {
		order.TotalCents += line.Quantity * line.UnitPriceCents
	}
	return order, err
}

// PageOfOrders is a customer's orders, newest first, limit of them after the cursor.
func (s *Store) PageOfOrders(ctx context.Context, customerID int64, limit int, cursor string) (Page, error) {
	offset, err := decodeCursor(cursor)
	if err != nil {
		return Page{}, err
	}
	if _, err := s.customer(ctx, customerID); err != nil {
		return Page{}, err
	}
	orders, err := s.orders(ctx, customerID)
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: []Order{}}
	for _, order := range orders[min(offset, len(orders)):min(offset+limit, len(orders))] {
		order, err := s.withLines(ctx, order)
		if err != nil {
			return Page{}, err
		}
		page.Items = append(page.Items, order)
	}
	if offset+limit < len(orders) {
		next := base64.URLEncoding.EncodeToString([]byte(strconv.Itoa(offset + limit)))
		page.NextCursor = &next
	}
	return page, nil
}

// CustomerSummary is how many orders a customer placed, how much they paid, and when they last ordered.
func (s *Store) CustomerSummary(ctx context.Context, customerID int64) (Summary, error) {
	customer, err := s.customer(ctx, customerID)
	if err != nil {
		return Summary{}, err
	}
	orders, err := s.orders(ctx, customerID)
	if err != nil {
		return Summary{}, err
	}
	summary := Summary{CustomerID: customer.ID, Name: customer.Name, Region: customer.Region, OrderCount: len(orders)}
	for _, order := range orders {
		details, err := s.withLines(ctx, order)
		if err != nil {
			return Summary{}, err
		}
		if details.Status == "paid" {
			summary.PaidTotalCents += details.TotalCents
		}
		if summary.LastOrderAt == nil || order.CreatedAt.After(*summary.LastOrderAt) {
			summary.LastOrderAt = &order.CreatedAt
		}
	}
	return summary, nil
}

func decodeCursor(cursor string) (int, error) {
	if cursor == "" {
		return 0, nil
	}
	raw, err := base64.URLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, ErrBadCursor
	}
	offset, err := strconv.Atoi(string(raw))
	if err != nil || offset < 0 {
		return 0, ErrBadCursor
	}
	return offset, nil
}
