#!/usr/bin/env bash
# Installs the S3-compatible object store pinned in tools/s3/tools.txt (versitygw) into TOOLS_DIR/s3/bin.
# Usage: scripts/s3-server.sh TOOLS_DIR
# Built from the Go module proxy at install time, checked against the checksum database. Without go, it is
# skipped with a note: the object-store tests then say they were skipped, and the file store stays local.
set -euo pipefail
dest=$(realpath -m "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v go >/dev/null; then echo "assay: go is not installed: the object-store tests will not run" >&2; exit 0; fi
mkdir -p "$dest/s3/bin"
grep -v '^#' "$here/tools/s3/tools.txt" | while read -r module; do
  [[ -n $module ]] || continue
  GOBIN="$dest/s3/bin" GOTOOLCHAIN=local GOFLAGS=-modcacherw GOPROXY=https://proxy.golang.org go install "$module"
done
touch "$dest/.s3-installed"
