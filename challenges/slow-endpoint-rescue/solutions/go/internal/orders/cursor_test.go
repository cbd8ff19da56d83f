package orders

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"
)

func TestACursorLeadsBackToWhereThePageEnded(t *testing.T) {
	last := Order{ID: 40839, CreatedAt: time.Date(2026, 1, 21, 2, 0, 0, 123456000, time.UTC)}
	pos, err := decodeCursor(encodeCursor(last))
	if err != nil || pos.ID != last.ID || !pos.CreatedAt.Equal(last.CreatedAt) {
		t.Fatalf("decoded %+v (%v); expected the order's created_at and id", pos, err)
	}
}

func TestCursorsTheServiceNeverIssuedAreRefused(t *testing.T) {
	offset := base64.URLEncoding.EncodeToString([]byte("20")) // the old service's cursors: an offset
	for _, cursor := range []string{"not-a-cursor!", offset, base64.RawURLEncoding.EncodeToString([]byte(`{}`))} {
		if _, err := decodeCursor(cursor); !errors.Is(err, ErrBadCursor) {
			t.Errorf("cursor %q gave %v; expected ErrBadCursor", cursor, err)
		}
	}
}
