-- Run on every start: each statement is idempotent.
CREATE TABLE IF NOT EXISTS users (
    id            serial PRIMARY KEY,
    username      varchar(64) NOT NULL,
    email         varchar(254) NOT NULL,
    password_hash text NOT NULL,
    bio           text,
    image         text,
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE IF NOT EXISTS follows (
    follower_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX IF NOT EXISTS follows_by_followee ON follows (followee_id);

-- Tags live on the article as an array (the list filters with a GIN index); favorites_count is kept
-- on the row so a page of articles needs no aggregate, and is only ever changed in the same
-- transaction as the favorites row it counts.
CREATE TABLE IF NOT EXISTS articles (
    id              serial PRIMARY KEY,
    slug            varchar(300) NOT NULL,
    title           text NOT NULL,
    description     text NOT NULL,
    body            text NOT NULL,
    tag_list        text[] NOT NULL DEFAULT '{}',
    author_id       integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    favorites_count integer NOT NULL DEFAULT 0 CHECK (favorites_count >= 0),
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT articles_slug_key UNIQUE (slug)
);
CREATE INDEX IF NOT EXISTS articles_by_author ON articles (author_id, created_at DESC);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_by_tag ON articles USING gin (tag_list);

CREATE TABLE IF NOT EXISTS favorites (
    article_id integer NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX IF NOT EXISTS favorites_by_user ON favorites (user_id);

CREATE TABLE IF NOT EXISTS comments (
    id         serial PRIMARY KEY,
    article_id integer NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS comments_by_article ON comments (article_id, created_at);
CREATE INDEX IF NOT EXISTS comments_by_author ON comments (author_id);
