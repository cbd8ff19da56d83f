// Package openapi serves the OpenAPI 3.1 document of the service, written by hand next to the
// routes it describes (openapi.json).
package openapi

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var document []byte

// Handler serves the document at GET /openapi.json.
func Handler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(document)
}
