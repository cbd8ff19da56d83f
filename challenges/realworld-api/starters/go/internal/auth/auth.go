// Package auth will hold passwords and tokens. golang-jwt (github.com/golang-jwt/jwt/v5) and bcrypt
// (golang.org/x/crypto/bcrypt) are already in go.mod; use them or what you prefer.
package auth

import "os"

// Tokens signs and verifies the service's tokens.
type Tokens struct {
	secret []byte
}

// FromEnv reads JWT_SECRET; the fallback is for local development only, a deployment sets it.
func FromEnv() Tokens {
	secret := os.Getenv("JWT_SECRET")
	if secret == "" {
		secret = "local-dev-only"
	}
	return Tokens{secret: []byte(secret)}
}
