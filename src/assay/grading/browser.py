"""The hidden tests' browser: Debian's Chromium, sandboxed like the candidate's code it runs.

A full-stack challenge's hidden tests drive the candidate's page through Playwright. The page's
JavaScript is the candidate's, so the browser is candidate code: it runs as the run's own browser
uid inside bubblewrap, in the run's network namespace only (the candidate's service on 127.0.0.1,
never the host's loopback, the platform or the internet), seeing the system's programs and fonts
and a private /tmp for its profile, nothing of the platform's files. Playwright's driver stays on
the trusted side and talks to it over the pipes it hands down (see `SandboxRun.launcher_script`).
"""

from __future__ import annotations

from pathlib import Path

from assay.grading.analyzers.installed import TOOLS_DIR
from assay.grading.sandbox import Limits, SandboxRun

# The browser binary itself: Debian's /usr/bin/chromium is a shell script reading /etc/chromium.d.
CHROMIUM = Path("/usr/lib/chromium/chromium")
AXE_SCRIPT = TOOLS_DIR / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# Chromium is a tree of processes and threads (RLIMIT_NPROC counts threads); the pids cgroup is the exact bound.
BROWSER_LIMITS = Limits(wall_seconds=900, cpu_seconds=600, memory_mb=1536, processes=512, output_kb=64)
# Chromium is about eight busy processes (browser, renderer, GPU, network, utilities) that set the hidden tests'
# pace: weighing as one ordinary process on a busy machine made every page test ten times slower. Its CPU quota
# (the run's, one CPU on two cores) still bounds what a spinning page can take.
BROWSER_WEIGHT = 8
# Read-only system files Chromium needs beyond /usr: the font configuration and its cache.
SYSTEM_FILES = (Path("/etc/fonts"), Path("/var/cache/fontconfig"))


def launcher(sandbox: SandboxRun, directory: Path) -> Path | None:
    """Write the sandboxed browser's launcher into `directory`; None when Chromium is not installed."""
    if not CHROMIUM.exists():
        return None
    readonly = {path: str(path) for path in SYSTEM_FILES if path.is_dir()}
    return sandbox.launcher_script(
        directory / "browser",
        [str(CHROMIUM)],
        uid=sandbox.browser_uid,
        writable={},
        readonly=readonly,
        env={"HOME": "/tmp"},  # noqa: S108 - the sandbox's private tmpfs
        limits=BROWSER_LIMITS,
        processes_weight=BROWSER_WEIGHT,
    )


def plugin_options(sandbox: SandboxRun, directory: Path) -> list[str]:
    """The hidden-tests plugin's options for the browser and axe-core, for what this machine has."""
    options = []
    script = launcher(sandbox, directory)
    if script is not None:
        options.append(f"--assay-browser={script}")
    if AXE_SCRIPT.is_file():
        options.append(f"--assay-axe={AXE_SCRIPT}")
    return options
