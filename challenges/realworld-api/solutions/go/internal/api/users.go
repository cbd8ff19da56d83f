package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"

	"conduit/internal/auth"
	"conduit/internal/db"
)

const (
	userByID    = `SELECT id, username, email, bio, image FROM users WHERE id = $1`
	userByEmail = `SELECT id, username, email, bio, image, password_hash FROM users WHERE email = $1`
	insertUser  = `INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3)
RETURNING id, username, email, bio, image`
	updateUser = `UPDATE users SET username = coalesce($2, username), email = coalesce($3, email),
  password_hash = coalesce($4, password_hash),
  bio = CASE WHEN $5::boolean THEN $6 ELSE bio END,
  image = CASE WHEN $7::boolean THEN $8 ELSE image END
WHERE id = $1 RETURNING id, username, email, bio, image`
	minPassword = 8
	// bcrypt reads at most 72 bytes: a longer password would share its hash with its own prefix.
	maxPasswordBytes = 72
)

type user struct {
	ID       int64   `json:"-"`
	Email    string  `json:"email"`
	Token    string  `json:"token"`
	Username string  `json:"username"`
	Bio      *string `json:"bio"`
	Image    *string `json:"image"`
}

func scanUser(row pgx.Row, extra ...any) (user, error) {
	var u user
	err := row.Scan(append([]any{&u.ID, &u.Username, &u.Email, &u.Bio, &u.Image}, extra...)...)
	return u, err
}

func (s *Server) writeUser(w http.ResponseWriter, status int, u user) error {
	token, err := s.tokens.Issue(u.ID)
	if err != nil {
		return err
	}
	u.Token = token
	writeJSON(w, status, map[string]user{"user": u})
	return nil
}

func readEmail(f fields, required bool) (*string, error) {
	email, err := f.text("email", required, 254)
	if err == nil && email != nil && (!strings.Contains(*email, "@") || strings.TrimSpace(*email) != *email) {
		err = invalid("email", "is not an email address")
	}
	return email, err
}

func readPassword(f fields, required bool) (*string, error) {
	password, err := f.text("password", required, 200)
	if err != nil || password == nil {
		return password, err
	}
	if len([]rune(*password)) < minPassword {
		return nil, invalid("password", "is too short (at least 8 characters)")
	}
	if len(*password) > maxPasswordBytes {
		return nil, invalid("password", "is too long (at most 72 bytes)")
	}
	return password, nil
}

func readUsername(f fields, required bool) (*string, error) {
	name, err := f.text("username", required, 50)
	if err == nil && name != nil && (strings.TrimSpace(*name) == "" || strings.TrimSpace(*name) != *name) {
		err = invalid("username", "can't be blank or start or end with spaces")
	}
	return name, err
}

// unlessTaken turns a unique violation into the spec's 422 "has already been taken".
func unlessTaken(err error) error {
	if constraint, ok := db.Violation(err, db.UniqueViolation); ok {
		field := "username"
		if strings.Contains(constraint, "email") {
			field = "email"
		}
		return invalid(field, "has already been taken")
	}
	return err
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	f, err := unwrap(w, r, "user")
	if err != nil {
		return err
	}
	username, err := readUsername(f, true)
	if err != nil {
		return err
	}
	email, err := readEmail(f, true)
	if err != nil {
		return err
	}
	password, err := readPassword(f, true)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(*password)
	if err != nil {
		return err
	}
	u, err := scanUser(s.pool.QueryRow(r.Context(), insertUser, *username, *email, hash))
	if err != nil {
		return unlessTaken(err)
	}
	return s.writeUser(w, http.StatusCreated, u)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	f, err := unwrap(w, r, "user")
	if err != nil {
		return err
	}
	email, err := f.text("email", true, 254)
	if err != nil {
		return err
	}
	password, err := f.text("password", true, 200)
	if err != nil {
		return err
	}
	var hash string
	u, err := scanUser(s.pool.QueryRow(r.Context(), userByEmail, *email), &hash)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !auth.CheckPassword(*password, hash)) {
		return unauthorized("email or password is invalid")
	}
	if err != nil {
		return err
	}
	return s.writeUser(w, http.StatusOK, u)
}

// loadMe is the caller's own row; 401 when the token's user no longer exists.
func (s *Server) loadMe(ctx context.Context, id int64) (user, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, userByID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return u, unauthorized("the token's user no longer exists")
	}
	return u, err
}

func (s *Server) currentUser(w http.ResponseWriter, r *http.Request) error {
	id, err := s.me(r)
	if err != nil {
		return err
	}
	u, err := s.loadMe(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeUser(w, http.StatusOK, u)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := s.me(r)
	if err != nil {
		return err
	}
	f, err := unwrap(w, r, "user")
	if err != nil {
		return err
	}
	params, err := userChanges(f)
	if err != nil {
		return err
	}
	u, err := scanUser(s.pool.QueryRow(r.Context(), updateUser, append([]any{id}, params...)...))
	if errors.Is(err, pgx.ErrNoRows) {
		return unauthorized("the token's user no longer exists")
	}
	if err != nil {
		return unlessTaken(err)
	}
	return s.writeUser(w, http.StatusOK, u)
}

// userChanges are updateUser's parameters $2..$8 from the fields sent; a field not sent is kept.
func userChanges(f fields) ([]any, error) {
	username, err := readUsername(f, false)
	if err != nil {
		return nil, err
	}
	email, err := readEmail(f, false)
	if err != nil {
		return nil, err
	}
	password, err := readPassword(f, false)
	if err != nil {
		return nil, err
	}
	var hash *string
	if password != nil {
		h, err := auth.HashPassword(*password)
		if err != nil {
			return nil, err
		}
		hash = &h
	}
	bio, err := f.text("bio", false, 10000)
	if err != nil {
		return nil, err
	}
	image, err := f.text("image", false, 2000)
	if err != nil {
		return nil, err
	}
	return []any{username, email, hash, f.has("bio"), bio, f.has("image"), image}, nil
}
