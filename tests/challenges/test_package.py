"""Parsing a challenge package, and refusing every kind of broken one with the file and field named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assay.challenges.package import PackageError, PackageErrors, load_package, parse_repo_config


def errors_of(root: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(PackageErrors) as caught:
        load_package(root)
    return [(e.path, e.field, e.message) for e in caught.value.errors]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def test_valid_package_is_parsed(package_dir):
    package = load_package(package_dir)
    assert package.slug == "tiny-api"
    assert package.skills == ("api_design", "server_logic")
    assert package.stacks == ("python",)
    assert package.services == ("postgres",)
    assert package.weights == {"hidden_tests": 80, "database": 0, "load": 5, "static": 20, "candidate_tests": 0}
    assert package.load is not None and package.load.path == "/hello" and package.load.concurrency == 2
    assert package.solution_stacks() == ["go", "python"]
    assert package.starter_dir("python") == package_dir / "starters" / "python"
    assert package.solution_dir("java") is None
    assert [c.id for c in package.hidden_checks] == [
        "test_hello.py::test_hello_is_200",
        "test_hello.py::test_hello_has_greeting",
    ]
    assert package.checks_per_skill() == {"api_design": 1, "server_logic": 1}
    assert package.hidden_checks[0].weight == 2


def test_flawed_variant_is_materialized_over_its_base(package_dir, tmp_path):
    package = load_package(package_dir)
    (variant,) = package.flawed
    assert variant.must_fail == ("test_hello.py::test_hello_is_200",)
    assert variant.must_find == ("http.status",)
    dest = package.materialize_flawed(variant, tmp_path / "flawed")
    assert "201 if self.path" in (dest / "app.py").read_text()
    assert (dest / "assay.toml").is_file()


def test_content_hash_ignores_build_output_and_follows_content(package_dir):
    before = load_package(package_dir).content_hash
    (package_dir / "solutions" / "python" / "node_modules").mkdir()
    (package_dir / "solutions" / "python" / "node_modules" / "x.js").write_text("junk")
    (package_dir / "__pycache__").mkdir()
    (package_dir / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert load_package(package_dir).content_hash == before
    (package_dir / "brief.md").write_text("# Changed\n")
    assert load_package(package_dir).content_hash != before


def test_bad_toml_names_the_line(package_dir):
    edit(package_dir / "challenge.toml", 'title = "Tiny greetings API"', "title = ")
    [(path, _, message)] = errors_of(package_dir)
    assert path == "challenge.toml"
    assert "line 3" in message


def test_an_integration_challenge_is_its_own_category(package_dir):
    edit(package_dir / "challenge.toml", 'category = "api"', 'category = "integration"')
    assert load_package(package_dir).category == "integration"


def test_all_problems_are_reported_at_once(package_dir):
    toml = package_dir / "challenge.toml"
    edit(toml, 'category = "api"', 'category = "frontend"')
    edit(toml, '"api_design", "server_logic"', '"api_design", "charm"')
    edit(toml, 'stacks = ["python"]', 'stacks = ["python", "cobol"]')
    edit(toml, 'services = ["postgres"]', 'services = ["mongodb"]')
    edit(toml, "suggested_minutes = 30", 'suggested_minutes = "half an hour"')
    edit(toml, 'difficulty = "junior"', "colour = 1")
    fields = {field: message for path, field, message in errors_of(package_dir) if path == "challenge.toml"}
    assert "'frontend' is not one of api" in fields["category"]
    assert "'charm'" in fields["skills"]
    assert "'cobol'" in fields["stacks"]
    assert "'mongodb'" in fields["services"]
    assert "whole number" in fields["suggested_minutes"]
    assert fields["difficulty"] == "is required"
    assert "not a known key" in fields["colour"]


def test_slug_must_match_folder(package_dir):
    edit(package_dir / "challenge.toml", 'slug = "tiny-api"', 'slug = "other"')
    assert ("challenge.toml", "slug", "'other' must equal the folder name 'tiny-api'") in errors_of(package_dir)


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("hidden_tests = 80", 'hidden_tests = "lots"', "grading.hidden_tests", "number >= 0"),
        ("static = 20", "static = -1", "grading.static", "number >= 0"),
        ("concurrency = 2", "concurrency = 500", "grading.load.concurrency", "at most 64"),
        ('method = "GET"', 'method = "BREW"', "grading.load.method", "'BREW' is not one of"),
        ('path = "/hello"', 'path = "hello"', "grading.load.path", "start with '/'"),
    ],
)
def test_grading_table_is_checked(package_dir, old, new, field, words):
    edit(package_dir / "challenge.toml", old, new)
    messages = [m for p, f, m in errors_of(package_dir) if (p, f) == ("challenge.toml", field)]
    assert messages and words in messages[0]


def test_all_weights_zero_is_refused(package_dir):
    edit(package_dir / "challenge.toml", "hidden_tests = 80\nstatic = 20", "hidden_tests = 0")
    edit(package_dir / "challenge.toml", "weight = 5", "weight = 0")
    assert ("challenge.toml", "grading", "needs at least one suite weight above 0") in errors_of(package_dir)


def test_hidden_test_without_skill_is_named(package_dir):
    (package_dir / "grading" / "tests" / "test_more.py").write_text(
        "import pytest\n\n\n@pytest.mark.weight(2)\ndef test_unmarked(api):\n    pass\n"
    )
    assert ("grading/tests/test_more.py", "test_unmarked", "has no @pytest.mark.skill(...) marker") in errors_of(
        package_dir
    )


def test_hidden_test_with_unknown_skill_or_bad_weight(package_dir):
    (package_dir / "grading" / "tests" / "test_more.py").write_text(
        "import pytest\n\npytestmark = [pytest.mark.skill('charm')]\n\n\ndef test_a():\n    pass\n\n\n"
        "class TestB:\n    @pytest.mark.skill('security')\n    @pytest.mark.weight(0)\n"
        "    def test_b(self):\n        pass\n"
    )
    found = {f: m for p, f, m in errors_of(package_dir) if p == "grading/tests/test_more.py"}
    assert "unknown skill 'charm'" in found["test_a"]
    assert "invalid weight 0" in found["TestB::test_b"]


def test_hidden_test_that_does_not_parse(package_dir):
    (package_dir / "grading" / "tests" / "test_more.py").write_text("def test_a(:\n")
    [(path, _, message)] = errors_of(package_dir)
    assert path == "grading/tests/test_more.py" and "cannot be parsed" in message


def test_no_hidden_tests_is_refused(package_dir):
    (package_dir / "grading" / "tests" / "test_hello.py").unlink()
    assert any(p == "grading/tests" and "no test_*.py" in m for p, _, m in errors_of(package_dir))


def test_starter_without_assay_toml(package_dir):
    (package_dir / "starters" / "python" / "assay.toml").unlink()
    assert ("starters/python/assay.toml", "", "is missing") in errors_of(package_dir)


def test_missing_brief(package_dir):
    (package_dir / "brief.md").unlink()
    assert any(p == "brief.md" and "missing" in m for p, _, m in errors_of(package_dir))


def test_solution_assay_toml_with_unknown_key_and_undeclared_service(package_dir):
    toml = package_dir / "solutions" / "go" / "assay.toml"
    original = toml.read_text()
    toml.write_text(original + 'build = "make"\n')
    found = {f: m for p, f, m in errors_of(package_dir) if p == "solutions/go/assay.toml"}
    assert "not a known key" in found["build"]
    toml.write_text(original + 'services = ["redis"]\n')
    found = {f: m for p, f, m in errors_of(package_dir) if p == "solutions/go/assay.toml"}
    assert "redis which challenge.toml does not declare" in found["services"]


def test_flawed_variant_with_unknown_base_and_unknown_test(package_dir):
    edit(package_dir / "flawed" / "wrong-status" / "flaw.toml", 'base = "python"', 'base = "java"')
    edit(package_dir / "flawed" / "wrong-status" / "flaw.toml", "test_hello_is_200", "test_nope")
    found = {f: m for p, f, m in errors_of(package_dir) if p == "flawed/wrong-status/flaw.toml"}
    assert "no solutions/java/" in found["base"]
    assert "'test_hello.py::test_nope', which is not a hidden test" in found["must_fail"]


def test_must_fail_may_name_a_parametrized_case(package_dir):
    edit(
        package_dir / "flawed" / "wrong-status" / "flaw.toml",
        '"test_hello.py::test_hello_is_200"',
        '"test_hello.py::test_hello_has_greeting[greeting]"',
    )
    assert load_package(package_dir).flawed[0].must_fail == ("test_hello.py::test_hello_has_greeting[greeting]",)


def test_flaw_names_its_skill_and_severity(package_dir):
    toml = package_dir / "flawed" / "wrong-status" / "flaw.toml"
    assert load_package(package_dir).flawed[0].skill == "api_design"
    edit(toml, 'skill = "api_design"\n', "")
    edit(toml, 'severity = "medium"', 'severity = "severe"')
    found = {f: m for p, f, m in errors_of(package_dir) if p == "flawed/wrong-status/flaw.toml"}
    assert found["skill"] == "is required"
    assert found["severity"] == "'severe' is not one of critical, high, medium, low"


def test_flaw_targets_a_skill_the_challenge_assesses(package_dir):
    edit(package_dir / "flawed" / "wrong-status" / "flaw.toml", 'skill = "api_design"', 'skill = "security"')
    found = {f: m for p, f, m in errors_of(package_dir) if p == "flawed/wrong-status/flaw.toml"}
    assert "'security' is not a skill this challenge assesses" in found["skill"]


def add_alternative(package_dir: Path, name: str) -> Path:
    alternative = package_dir / "alternatives" / name
    alternative.parent.mkdir(exist_ok=True)
    os.rename(package_dir / "solutions" / "go", alternative)
    return alternative


MAIN_GO_PATCH = """\
diff --git a/main.go b/main.go
--- a/main.go
+++ b/main.go
@@ -1,1 +1,2 @@
 package main
+// says hi
"""


def add_seeded(package_dir: Path, name: str, flaw_toml: str) -> Path:
    seeded = package_dir / "seeded" / name
    seeded.mkdir(parents=True)
    (seeded / "flaw.patch").write_text(MAIN_GO_PATCH)
    (seeded / "flaw.toml").write_text(flaw_toml)
    return seeded


def test_alternatives_and_seeded_flaws_are_parsed_and_materialized(package_dir, tmp_path):
    edit(package_dir / "challenge.toml", 'stacks = ["python"]', 'stacks = ["python", "go"]')
    (package_dir / "starters" / "go").mkdir()
    (package_dir / "starters" / "go" / "assay.toml").write_text('setup = ""\ntest = ""\n')
    add_alternative(package_dir, "go-nethttp")
    toml = 'base = "go-nethttp"\nsummary = "Says hi."\nskill = "server_logic"\nseverity = "high"\n'
    add_seeded(package_dir, "says-hi", toml + 'must_find = ["http.status"]\n')
    package = load_package(package_dir)
    assert [(a.name, a.stack) for a in package.alternatives] == [("go-nethttp", "go")]
    (seeded,) = package.seeded
    assert (seeded.base, seeded.severity, seeded.seeded) == ("go-nethttp", "high", True)
    assert (seeded.must_fail, seeded.must_find) == ((), ("http.status",))
    dest = package.materialize_flawed(seeded, tmp_path / "seeded")
    assert (dest / "main.go").read_text() == "package main\n// says hi\n" and (dest / "assay.toml").is_file()


def test_alternative_must_be_named_after_a_stack_of_the_challenge(package_dir):
    add_alternative(package_dir, "go-nethttp")
    found = {p: m for p, f, m in errors_of(package_dir)}["alternatives/go-nethttp"]
    assert "must be named <stack>-<framework> with a stack of the challenge (python)" in found


def test_seeded_flaw_names_an_alternative_and_how_it_is_detected(package_dir):
    add_seeded(package_dir, "orphan", 'base = "rust"\nsummary = "x"\nskill = "server_logic"\nseverity = "low"\n')
    found = {f: m for p, f, m in errors_of(package_dir) if p == "seeded/orphan/flaw.toml"}
    assert found["base"] == "names 'rust' but there is no alternatives/rust/ or solutions/rust/"
    assert "at least one check in must_fail or one finding in must_find" in found["must_fail"]


def test_flawed_variant_without_patch(package_dir):
    (package_dir / "flawed" / "wrong-status" / "flaw.patch").unlink()
    [(path, _, message)] = errors_of(package_dir)
    assert path == "flawed/wrong-status/flaw.patch" and message.startswith("is missing")


def test_patch_that_no_longer_applies_is_refused_naming_the_variant_and_the_hunk(package_dir):
    # The solution moved on under the flawed line: the variant is no longer "the solution plus one flaw".
    edit(package_dir / "solutions" / "python" / "app.py", "200 if self.path", "200 if self.path.rstrip('/')")
    [(path, _, message)] = errors_of(package_dir)
    assert path == "flawed/wrong-status/flaw.patch"
    assert message.startswith("does not apply to solutions/python/: ")
    assert "patch failed: app.py:6" in message and "app.py: patch does not apply" in message


def test_patch_follows_a_change_elsewhere_in_the_solution(package_dir, tmp_path):
    edit(package_dir / "solutions" / "python" / "app.py", "import json", "import json  # the body is JSON")
    package = load_package(package_dir)
    app = package.materialize_flawed(package.flawed[0], tmp_path / "flawed") / "app.py"
    assert "import json  # the body is JSON" in app.read_text() and "201 if self.path" in app.read_text()


def test_patch_refused_when_grading_leaves_no_half_patched_tree(package_dir, tmp_path):
    package = load_package(package_dir)
    edit(package_dir / "solutions" / "python" / "app.py", "200 if self.path", "202 if self.path")
    with pytest.raises(PackageError) as caught:
        package.materialize_flawed(package.flawed[0], tmp_path / "flawed")
    assert caught.value.path == "flawed/wrong-status/flaw.patch" and "does not apply" in caught.value.message
    assert not (tmp_path / "flawed").exists()


def test_overlay_folder_is_refused_with_how_to_convert_it(package_dir):
    overlay = package_dir / "flawed" / "wrong-status" / "overlay"
    overlay.mkdir()
    (overlay / "app.py").write_text("print('flawed')\n")
    [(path, _, message)] = errors_of(package_dir)
    assert path == "flawed/wrong-status/overlay" and "no longer read" in message
    assert "git diff --no-index --no-prefix a b > flaw.patch" in message and "solutions/python/" in message


def test_patch_creating_a_link_is_refused(package_dir):
    link = "diff --git a/up b/up\nnew file mode 120000\n--- /dev/null\n+++ b/up\n@@ -0,0 +1 @@\n+../../..\n"
    (package_dir / "flawed" / "wrong-status" / "flaw.patch").write_text(link)
    [(path, _, message)] = errors_of(package_dir)
    assert path == "flawed/wrong-status/flaw.patch" and "symbolic link" in message


def test_symlink_out_of_the_package_is_refused(package_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for candidates")
    os.symlink(secret, package_dir / "starters" / "python" / "notes.txt")
    [(path, _, message)] = errors_of(package_dir)
    assert path == "starters/python/notes.txt" and "outside the package" in message


def test_variant_symlink_climbing_out_is_refused(package_dir):
    os.symlink("../../../../..", package_dir / "flawed" / "wrong-status" / "up")
    [(path, _, message)] = errors_of(package_dir)
    assert path == "flawed/wrong-status/up" and "outside the package" in message


def test_symlink_inside_the_package_is_copied_as_a_file(package_dir, tmp_path):
    os.symlink("../../brief.md", package_dir / "starters" / "python" / "BRIEF.md")
    package = load_package(package_dir)
    assert package.starter_dir("python").joinpath("BRIEF.md").read_text().startswith("# Tiny")


def test_parse_repo_config(tmp_path):
    path = tmp_path / "assay.toml"
    path.write_text('setup = "make"\ntest = "make test"\nservices = ["postgres"]\n')
    config = parse_repo_config(path)
    assert config.start is None and config.services == ("postgres",) and config.healthcheck is None
    path.write_text('setup = "make"\nstart = 3\nhealthcheck = "health"\nrun = "x"\n')
    with pytest.raises(PackageErrors) as caught:
        parse_repo_config(path)
    fields = {e.field: e.message for e in caught.value.errors}
    assert set(fields) == {"test", "start", "healthcheck", "run"}
    assert all(e.path == "assay.toml" for e in caught.value.errors)


def test_parse_repo_config_with_a_worker(tmp_path):
    path = tmp_path / "assay.toml"
    path.write_text('setup = ""\ntest = ""\nstart = "run"\n[worker]\ncommand = "python -m app.worker"\n')
    assert parse_repo_config(path).worker == "python -m app.worker"
    for bad, field in (
        ('worker = "python -m app.worker"', "worker"),
        ("[worker]\ncmd = 'x'", "worker.cmd"),
        ('[worker]\ncommand = " "', "worker.command"),
    ):
        path.write_text(f'setup = ""\ntest = ""\n{bad}\n')
        with pytest.raises(PackageErrors) as caught:
            parse_repo_config(path)
        assert field in {e.field for e in caught.value.errors}, (bad, caught.value.errors)
