package db

import (
	"strconv"
	"strings"
)

// Builder assembles a query for the list endpoints from constant SQL fragments; every value goes
// into Args and appears in the text only as a $n placeholder.
type Builder struct {
	text strings.Builder
	args []any
}

// SQL appends constant SQL text. Never pass it anything that came from a request.
func (b *Builder) SQL(fragment string) *Builder {
	b.text.WriteString(fragment)
	return b
}

// Arg appends a placeholder for value.
func (b *Builder) Arg(value any) *Builder {
	b.args = append(b.args, value)
	b.text.WriteString("$" + strconv.Itoa(len(b.args)))
	return b
}

// String is the query text.
func (b *Builder) String() string { return b.text.String() }

// Args are the values of the placeholders, in order.
func (b *Builder) Args() []any { return b.args }

// Where collects the conditions of a WHERE clause joined by AND.
type Where struct {
	b     *Builder
	count int
}

// Where starts a WHERE clause on b.
func (b *Builder) Where() *Where { return &Where{b: b} }

// And starts the next condition; write it with the Builder it returns.
func (w *Where) And() *Builder {
	if w.count == 0 {
		w.b.SQL(" WHERE ")
	} else {
		w.b.SQL(" AND ")
	}
	w.count++
	return w.b
}

// After appends the keyset condition "rows after (key, id) in this order": (column, id) > (key, id),
// or < when descending. column must be a constant column name.
func (b *Builder) After(column string, desc bool, key any, id int64) *Builder {
	op := " > "
	if desc {
		op = " < "
	}
	return b.SQL("(" + column + ", id)" + op + "(").Arg(key).SQL(", ").Arg(id).SQL(")")
}

// OrderBy appends ORDER BY column, id in one direction and LIMIT. column must be a constant column name.
func (b *Builder) OrderBy(column string, desc bool, limit int) *Builder {
	direction := " ASC"
	if desc {
		direction = " DESC"
	}
	return b.SQL(" ORDER BY " + column + direction + ", id" + direction + " LIMIT ").Arg(limit)
}
