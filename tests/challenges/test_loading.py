"""Loading the library: idempotent, versioned by content, a broken package refused without harming others."""

from __future__ import annotations

import shutil

from django.core.management import call_command

from assay.challenges.models import Challenge, ChallengeVersion
from assay.challenges.services import load_library


def test_first_load_creates_a_version_with_a_stored_copy(db, library, var_dir):
    report = load_library(library)
    assert report.ok and [(x.slug, x.status) for x in report.loaded] == [("tiny-api", "new")]
    challenge = Challenge.objects.get(slug="tiny-api")
    version = challenge.current_version
    assert version.title == "Tiny greetings API"
    assert version.skills == ["api_design", "server_logic"]
    assert version.checks_per_skill == {"api_design": 1, "server_logic": 1}
    assert version.manifest["grading"]["hidden_tests"] == 80
    assert version.brief.startswith("# Tiny greetings API")
    assert version.files_dir == var_dir / "library" / "tiny-api" / version.content_hash
    assert (version.files_dir / "grading" / "tests" / "test_hello.py").is_file()
    assert version.package().content_hash == version.content_hash


def test_loading_again_unchanged_adds_nothing(db, library, var_dir):
    load_library(library)
    report = load_library(library)
    assert [x.status for x in report.loaded] == ["unchanged"]
    assert ChallengeVersion.objects.count() == 1
    assert len(list((var_dir / "library" / "tiny-api").iterdir())) == 1


def test_a_change_adds_a_version_beside_the_old(db, library, var_dir):
    load_library(library)
    old = Challenge.objects.get().current_version
    (library / "tiny-api" / "brief.md").write_text("# Tiny greetings API, second edition\n")
    report = load_library(library)
    assert [x.status for x in report.loaded] == ["updated"]
    challenge = Challenge.objects.get()
    assert challenge.current_version != old and challenge.versions.count() == 2
    old.refresh_from_db()
    assert old.brief.startswith("# Tiny greetings API\n")
    assert (old.files_dir / "brief.md").read_text().startswith("# Tiny greetings API\n")
    assert old.package().title == "Tiny greetings API"


def test_reverting_makes_the_old_version_current_again(db, library, var_dir):
    load_library(library)
    first = Challenge.objects.get().current_version
    brief = library / "tiny-api" / "brief.md"
    original = brief.read_text()
    brief.write_text("# Changed\n")
    load_library(library)
    brief.write_text(original)
    assert [x.status for x in load_library(library).loaded] == ["reverted"]
    assert Challenge.objects.get().current_version == first


def test_broken_package_loads_nothing_and_others_still_load(db, library, var_dir):
    shutil.copytree(library / "tiny-api", library / "broken-api")
    (library / "broken-api" / "challenge.toml").write_text('schema = 1\nslug = "broken-api"\n')
    report = load_library(library)
    assert [x.slug for x in report.loaded] == ["tiny-api"]
    assert {e.field for e in report.refused["broken-api"]} >= {"title", "category", "grading"}
    assert not Challenge.objects.filter(slug="broken-api").exists()
    assert not (var_dir / "library" / "broken-api").exists()


def test_a_broken_change_keeps_the_loaded_version(db, library, var_dir):
    load_library(library)
    version = Challenge.objects.get().current_version
    (library / "tiny-api" / "starters" / "python" / "assay.toml").unlink()
    report = load_library(library)
    assert "tiny-api" in report.refused
    assert Challenge.objects.get().current_version == version


def test_load_command_reports_refusals_and_fails(db, library, var_dir, capsys):
    (library / "tiny-api" / "brief.md").unlink()
    try:
        call_command("challenges", "--library", str(library), "load")
    except Exception as exc:  # noqa: BLE001 - CommandError is what we expect; anything is checked below
        error = str(exc)
    else:
        error = ""
    assert "1 package(s) refused" in error
    assert "brief.md: is missing" in capsys.readouterr().out


def test_list_and_show_never_print_hidden_test_names(db, library, var_dir, capsys):
    call_command("challenges", "--library", str(library), "load")
    call_command("challenges", "list")
    call_command("challenges", "show", "tiny-api")
    out = capsys.readouterr().out
    assert "Tiny greetings API" in out and "wrong-status" in out and "api_design: 1" in out
    assert "test_hello_is_200" not in out
