"""What is stored and what is answered: no plain passwords, no fast digests, no leaked secrets."""

import re

import pytest
from conftest import PASSWORD
from psycopg import sql

SLOW_HASH = re.compile(r"^(\$2[aby]?\$\d\d\$|\$argon2(id|i|d)\$|\$scrypt\$|scrypt[:$]|pbkdf2[_:$])", re.IGNORECASE)
TEXT_COLUMNS = """
SELECT c.table_schema, c.table_name, c.column_name
FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
  AND c.data_type IN ('text', 'character varying', 'bytea')
"""


def _cells(db):
    """Every text cell of every table, without a WHERE (the plan inspection must not see our lookups)."""
    for schema, table, column in db.execute(TEXT_COLUMNS).fetchall():
        query = sql.SQL("SELECT {}::text FROM {}").format(sql.Identifier(column), sql.Identifier(schema, table))
        for (value,) in db.execute(query).fetchall():
            yield f"{table}.{column}", value or ""


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(4)
def test_passwords_are_not_stored_in_plain_text(api, register, db):
    """The password appears nowhere in the database"""
    password = "plain text canary 8c1f2e"
    register(password)
    found = sorted({where for where, value in _cells(db) if password in value})
    assert not found, f"the password is stored as typed in {', '.join(found)}: store only a slow, salted hash"


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(4)
def test_passwords_are_hashed_slowly_with_a_salt(api, register, db):
    """Two users with one password get different hashes from a slow scheme (bcrypt, scrypt, argon2, PBKDF2)"""
    before = {value for _, value in _cells(db)}
    register(PASSWORD)
    register(PASSWORD)
    new = [(where, value) for where, value in _cells(db) if value not in before and SLOW_HASH.match(value)]
    assert len({value for _, value in new}) >= 2, (
        "no new value in the database looks like a bcrypt ($2b$...), argon2 ($argon2id$...), scrypt or PBKDF2 "
        "hash after two registrations with the same password, or the two hashes are equal (no salt); a fast "
        "digest such as SHA-256 lets a leaked table be cracked in hours"
    )


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_no_response_carries_a_password_or_token_it_should_not(api, login, make_note):
    """Register, /me, notes and the user list carry no password, hash or token"""
    session = login()
    make_note(session)
    answers = [
        api.post("/auth/register", json={"email": f"x{session.email}", "password": PASSWORD}),
        api.get("/me", headers=session.auth),
        api.get("/notes", headers=session.auth),
    ]
    leaks = [
        f"{r.request.method} {r.request.url.path}"
        for r in answers
        if PASSWORD in r.text or session.refresh in r.text or re.search(r'"[^"]*(password|hash)[^"]*"\s*:', r.text)
    ]
    assert not leaks, f"these responses carry a password, a hash or a token: {', '.join(leaks)}"
