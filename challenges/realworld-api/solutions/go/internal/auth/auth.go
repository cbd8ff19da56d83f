// Package auth holds passwords (bcrypt) and tokens (HS256 JWTs sent as `Authorization: Token <jwt>`).
package auth

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
)

const (
	cost     = 10
	lifetime = 7 * 24 * time.Hour
)

// ErrNoToken means the request carries no Authorization header at all.
var ErrNoToken = errors.New("no token")

// ErrBadToken means the header is there but is not a valid, unexpired token of ours.
var ErrBadToken = errors.New("the token is invalid or expired")

// Tokens signs and verifies the service's JWTs.
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

// Issue returns a signed token for the user.
func (t Tokens) Issue(userID int64) (string, error) {
	now := time.Now()
	claims := jwt.RegisteredClaims{
		Subject:   strconv.FormatInt(userID, 10),
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(lifetime)),
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
}

// UserID reads the user from an Authorization header value ("Token <jwt>" or "Bearer <jwt>").
func (t Tokens) UserID(header string) (int64, error) {
	if strings.TrimSpace(header) == "" {
		return 0, ErrNoToken
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	scheme = strings.ToLower(scheme)
	if !ok || (scheme != "token" && scheme != "bearer") {
		return 0, ErrBadToken
	}
	claims := jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(token), &claims, func(*jwt.Token) (any, error) {
		return t.secret, nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return 0, ErrBadToken
	}
	id, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrBadToken
	}
	return id, nil
}

// HashPassword returns a salted bcrypt hash.
func HashPassword(password string) (string, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	return string(hash), err
}

// CheckPassword reports whether password matches the stored hash.
func CheckPassword(password, hash string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}
