"""The rules and the store, without a running service."""

import pytest

from app.store import IssueStore
from app.validation import Invalid, clean


def test_a_new_issue_gets_the_defaults_and_a_trimmed_title():
    assert clean({"title": "  Slow login "}, partial=False) == {
        "title": "Slow login",
        "description": "",
        "status": "open",
        "labels": [],
        "assignee": None,
    }


def test_every_invalid_field_is_named():
    with pytest.raises(Invalid) as caught:
        clean({"title": "   ", "status": "done", "labels": ["Bug"]}, partial=False)
    assert set(caught.value.errors) == {"title", "status", "labels"}


def test_an_edit_checks_only_the_fields_given():
    assert clean({"status": "closed"}, partial=True) == {"status": "closed"}


def test_filters_combine():
    store = IssueStore()
    store.create({"title": "A", "status": "open", "labels": ["ui"], "assignee": "kim"})
    store.create({"title": "B", "status": "closed", "labels": ["ui"], "assignee": "kim"})
    assert [i["title"] for i in store.search("closed", "ui", "kim")] == ["B"]
