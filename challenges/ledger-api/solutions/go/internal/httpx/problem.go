// Package httpx holds the HTTP plumbing shared by the resources: RFC 9457 problem responses,
// JSON bodies and their fields, and the middleware every request goes through.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
)

// FieldError names one invalid body field, header or query parameter.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problem is an RFC 9457 problem detail; handlers return it as an error and Handle renders it.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Errors []FieldError `json:"errors,omitempty"`
}

func (p *Problem) Error() string { return p.Detail }

// NotFound is a 404 for an unknown resource.
func NotFound(detail string) *Problem {
	return &Problem{Type: "/problems/not-found", Title: "Resource not found", Status: http.StatusNotFound, Detail: detail}
}

// InsufficientFunds is the 409 of a transfer the sender cannot afford.
func InsufficientFunds(detail string) *Problem {
	return &Problem{Type: "/problems/insufficient-funds", Title: "Insufficient funds", Status: http.StatusConflict, Detail: detail}
}

// Invalid is a 422 naming every bad field.
func Invalid(errs ...FieldError) *Problem {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Field + ": " + e.Message
	}
	return &Problem{
		Type: "/problems/validation", Title: "Request validation failed",
		Status: http.StatusUnprocessableEntity, Detail: strings.Join(parts, "; "), Errors: errs,
	}
}

// InvalidField is a 422 for a single field.
func InvalidField(field, message string) *Problem {
	return Invalid(FieldError{Field: field, Message: message})
}

// KeyReused is the 422 of an Idempotency-Key sent again with another transfer.
func KeyReused() *Problem {
	p := InvalidField("Idempotency-Key", "was used for another transfer")
	p.Type, p.Title = "/problems/idempotency-key-reused", "Idempotency key reused"
	return p
}

// MalformedJSON is a 400 for a body that does not parse.
func MalformedJSON() *Problem {
	return &Problem{
		Type: "/problems/malformed-json", Title: "Malformed JSON",
		Status: http.StatusBadRequest, Detail: "The body is not valid JSON",
	}
}

func internal() *Problem {
	return &Problem{
		Type: "about:blank", Title: "Internal Server Error",
		Status: http.StatusInternalServerError, Detail: "Something went wrong on our side",
	}
}

func unavailable() *Problem {
	return &Problem{
		Type: "about:blank", Title: "Service Unavailable",
		Status: http.StatusServiceUnavailable, Detail: "The request took too long; try again later",
	}
}

// WriteProblem sends p as application/problem+json.
func WriteProblem(w http.ResponseWriter, p *Problem) {
	body, err := json.Marshal(p)
	if err != nil { // cannot happen for this type; keep the client informed anyway
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}

// WriteJSON sends v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		slog.Error("encoding a response", "err", err)
		WriteProblem(w, internal())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// HandlerFunc is an http.HandlerFunc that may fail; Handle turns its error into a response.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts h: a *Problem is sent as is, any other error is logged and answered with a generic
// 500 (503 when the request ran out of time), so neither stack traces nor SQL ever reach a client.
func Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var p *Problem
		if errors.As(err, &p) {
			WriteProblem(w, p)
			return
		}
		if errors.Is(err, context.DeadlineExceeded) {
			slog.Warn("request timed out", "method", r.Method, "path", r.URL.Path)
			WriteProblem(w, unavailable())
			return
		}
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		WriteProblem(w, internal())
	})
}
