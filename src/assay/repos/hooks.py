"""The pre-receive hook installed in every bare repository: git itself refuses, so the git client shows why.

The policy is not on disk: the smart-HTTP view passes the repository row's policy and limits in the
environment of each push (ASSAY_WRITE_POLICY, ASSAY_CLOSED_MESSAGE, ASSAY_MAX_FILE_BYTES). A push that does
not come through Assay carries no policy and is refused.
"""

from __future__ import annotations

from pathlib import Path

PRE_RECEIVE = r"""#!/bin/sh
# Installed by Assay (assay.repos.hooks); rewritten when the repository is created.
zero=0000000000000000000000000000000000000000
say() { printf '%s\n' "$1" | sed 's/^/Assay: /' >&2; }

if [ "${ASSAY_WRITE_POLICY:-}" != open ]; then
    say "${ASSAY_CLOSED_MESSAGE:-This repository does not accept pushes.}"
    exit 1
fi
limit=${ASSAY_MAX_FILE_BYTES:-10485760}
refused=0
while read -r old new ref; do
    if [ "$ref" != refs/heads/main ]; then
        say "only the main branch is kept; push your work with: git push origin HEAD:main (refused $ref)"
        refused=1
    elif [ "$new" = "$zero" ]; then
        say "main cannot be deleted."
        refused=1
    else
        big=$(git rev-list --objects "$new" --not --all |
            git cat-file --batch-check='%(objecttype) %(objectsize) %(rest)' |
            awk -v limit="$limit" '$1 == "blob" && $2 + 0 > limit + 0 {
                size = $2; sub(/^blob [0-9]+ /, "")
                printf "Assay: %s is %.1f MB; files over %.1f MB are refused.\n", $0, size / 1048576, limit / 1048576
            }')
        if [ -n "$big" ]; then
            printf '%s\n' "$big" >&2
            say "remove the file from your commits (not only from the latest one) and push again."
            refused=1
        fi
    fi
done
exit $refused
"""


def install_hooks(git_dir: Path) -> None:
    hooks = git_dir / "hooks"
    hooks.mkdir(exist_ok=True)
    hook = hooks / "pre-receive"
    hook.write_text(PRE_RECEIVE)
    hook.chmod(0o755)


def policy_env(*, open: bool, closed_message: str, max_push_bytes: int, max_file_bytes: int) -> dict[str, str]:
    """What a push through Assay carries to git: the hook's policy and receive.maxInputSize."""
    return {
        "ASSAY_WRITE_POLICY": "open" if open else "closed",
        "ASSAY_CLOSED_MESSAGE": closed_message,
        "ASSAY_MAX_FILE_BYTES": str(max_file_bytes),
        # Configuration from the environment wins over the repository's config file (git >= 2.31).
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "receive.maxInputSize",
        "GIT_CONFIG_VALUE_0": str(max_push_bytes),
    }
