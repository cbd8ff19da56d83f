#!/usr/bin/env bash
# Installs the static stage's stack analyzers, pinned under tools/, into TOOLS_DIR (the virtualenv's tools/).
# Usage: scripts/analysis-tools.sh eslint|go|pmd|axe TOOLS_DIR
# (axe-core is no analyzer: the hidden tests' browser injects it into a candidate's page; it is pinned the same way.)
# Each comes from its own registry (npm, the Go module proxy, Maven Central) at install time, never at grading
# time. A toolchain that is missing (no go, no mvn) is skipped with a note: the static stage then reports that
# analyzer as not run.
set -euo pipefail
tool=$1
dest=$(realpath -m "$2")
here=$(cd "$(dirname "$0")/.." && pwd)

case $tool in
  eslint)
    mkdir -p "$dest/eslint"
    cp "$here"/tools/eslint/{package.json,package-lock.json,eslint.config.mjs} "$dest/eslint/"
    (cd "$dest/eslint" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    ;;
  axe)
    mkdir -p "$dest/axe"
    cp "$here"/tools/axe/{package.json,package-lock.json} "$dest/axe/"
    (cd "$dest/axe" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    ;;
  go)
    if ! command -v go >/dev/null; then echo "assay: go is not installed: the Go analyzers will not run" >&2; exit 0; fi
    mkdir -p "$dest/go/bin"
    # Each tool builds from its own module's go.sum, checked against the checksum database; no VCS fallback.
    grep -v '^#' "$here/tools/go/tools.txt" | while read -r module; do
      [[ -n $module ]] || continue
      GOBIN="$dest/go/bin" GOTOOLCHAIN=local GOFLAGS=-modcacherw GOPROXY=https://proxy.golang.org \
        go install "$module"
    done
    ;;
  pmd)
    if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
      echo "assay: Maven or Java is not installed: PMD will not run" >&2; exit 0
    fi
    rm -rf "$dest/pmd" && mkdir -p "$dest/pmd"
    cp "$here"/tools/pmd/ruleset.xml "$dest/pmd/"
    mvn -B -q -f "$here/tools/pmd/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$dest/pmd/lib" -DincludeScope=runtime
    ;;
  *) echo "usage: $0 eslint|go|pmd|axe TOOLS_DIR" >&2; exit 2 ;;
esac
touch "$dest/.$tool-installed"
