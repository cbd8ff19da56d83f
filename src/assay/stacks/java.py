"""Java 17 (Spring Boot 3, Maven): artifacts from Maven Central into a repository the run reads offline.

The prefetch resolves the project's dependencies and the plugins its build uses (`dependency:go-offline`
misses some, such as the test runner's provider), by building a stand-in project: the candidate's pom.xml with
one class and one test of the platform's own, never the candidate's sources. Every repository is mirrored to
Maven Central, and a pom whose build runs a plugin that executes commands is not prefetched at all.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from assay.stacks import VIEW, DependencyRecipe, Prefetch, Stack, ToolResult

log = logging.getLogger(__name__)

CENTRAL = "https://repo.maven.apache.org/maven2"
# Plugins that run commands or scripts a pom names: the prefetch would run the candidate's code with them.
_EXECUTING_PLUGINS = re.compile(
    rb"<artifactId>\s*(exec-maven-plugin|maven-antrun-plugin|gmavenplus-plugin|groovy-maven-plugin|"
    rb"maven-invoker-plugin|frontend-maven-plugin|maven-scm-plugin|build-helper-maven-plugin)\s*</artifactId>"
)
_EXTENSIONS = re.compile(rb"<extensions>\s*true\s*</extensions>|<extension>")
_MAIN = "package assayprefetch;\n\npublic class Main {\n    public static void main(String[] args) {}\n}\n"
_TEST = (
    "package assayprefetch;\n\nclass MainTest {\n"
    "    @org.junit.jupiter.api.Test\n    void resolvesTheTestRunner() {}\n}\n"
)
_SETTINGS = """<settings>
  <localRepository>{repository}</localRepository>
  <offline>{offline}</offline>
  <interactiveMode>false</interactiveMode>
  <mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>{central}</url></mirror></mirrors>
</settings>
"""


def lock_files(workspace: Path, registry: str) -> dict[str, bytes] | None:
    """pom.xml with a stand-in class (and a JUnit 5 test when the pom uses JUnit 5), or None."""
    path = workspace / "pom.xml"
    if not path.is_file() or path.is_symlink():
        return None
    pom = path.read_bytes()[: 1024 * 1024]
    if _EXECUTING_PLUGINS.search(pom) or _EXTENSIONS.search(pom) or b"<modules>" in pom:
        log.info("not prefetched: pom.xml has modules, build extensions or a plugin that runs commands")
        return None
    files = {"pom.xml": pom, "src/main/java/assayprefetch/Main.java": _MAIN.encode()}
    if b"junit-jupiter" in pom or b"spring-boot-starter-test" in pom:
        files["src/test/java/assayprefetch/MainTest.java"] = _TEST.encode()
    files[".m2/settings.xml"] = settings(f"{VIEW}/java/m2", offline=False, central=registry).encode()
    return files


def settings(repository: str, *, offline: bool, central: str = CENTRAL) -> str:
    return _SETTINGS.format(repository=repository, offline=str(offline).lower(), central=central)


def fetch(prefetch: Prefetch) -> ToolResult:
    """Resolve everything `package` needs (tests run, so the test provider is resolved too)."""
    command = (
        "mvn -B -q -s /scratch/.m2/settings.xml dependency:go-offline"
        " && mvn -B -q -s /scratch/.m2/settings.xml -Dstart-class=assayprefetch.Main package"
    )
    env = {"MAVEN_OPTS": "-Xmx768m -XX:+ExitOnOutOfMemoryError -Dstyle.color=never", "JAVA_TOOL_OPTIONS": "-Xmx512m"}
    # The same path as the candidate's view, so the offline settings the run gets point at it.
    mounts = {prefetch.area / "m2": f"{VIEW}/java/m2", prefetch.area / "home": f"{VIEW}/java/home"}
    # Once everything resolved, the settings that make the candidate's Maven offline (see `install_env`).
    offline = _quote(settings(f"{VIEW}/java/m2", offline=True))
    install = f"mkdir -p {VIEW}/java/home/.m2 && printf %s {offline} > {VIEW}/java/home/.m2/settings.xml"
    return prefetch.tool(f"{command} && {install}", env, mounts)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def install_env(view: str, writable: bool, offline: bool) -> dict[str, str]:
    # Maven reads ~/.m2/settings.xml under user.home: the prefetch wrote one there (local repository, offline,
    # every repository mirrored to Central). Without a complete prefetch, the repository is still read first.
    home = f"-Duser.home={view}/home" if offline else ""
    # No colour codes: the log is read in a report, not a terminal.
    return {"MAVEN_OPTS": f"{home} -Dmaven.repo.local={view}/m2 -Dstyle.color=never".strip()}


def runtime_env(memory_mb: int) -> dict[str, str]:
    """JVM flags that fit the stage's memory limit: heaps a share of it, and a clear exit when it is exceeded.

    Maven and the test JVM it forks both read JAVA_TOOL_OPTIONS, so two heaps must fit with room to spare.
    """
    heap = max(64, memory_mb * 35 // 100)
    flags = f"-Xmx{heap}m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1"
    return {"JAVA_TOOL_OPTIONS": flags}


STACK = Stack(
    name="java",
    label="Java",
    identifying_files=("pom.xml",),
    source_suffixes=(".java",),
    analyzers=("pmd",),
    coverage="mvn -B -q -o test jacoco:report",
    starter_config=(
        'setup = "mvn -B -q package -DskipTests"\n'
        'start = "java -XX:+UseSerialGC -jar target/app.jar"\n'
        'test = "mvn -B -o test"\n'
    ),
    dependencies=DependencyRecipe(
        default_registry=CENTRAL,
        areas=("m2", "home"),
        lock_files=lock_files,
        fetch=fetch,
        install_env=install_env,
    ),
    runtime_env=runtime_env,
    setup_advice=(
        (
            "Cannot access central",
            "Maven tried to download during the offline build: a dependency or plugin is not in the prefetched"
            " repository. Declare every plugin in pom.xml (no command-running plugins such as exec or antrun),"
            " or pin versions that `mvn dependency:go-offline` resolves.",
        ),
        (
            "offline mode",
            "Maven tried to download during the offline build: a dependency or plugin is not in the prefetched"
            " repository. Declare every plugin in pom.xml (no command-running plugins such as exec or antrun),"
            " or pin versions that `mvn dependency:go-offline` resolves.",
        ),
        ("Could not find artifact", "pom.xml names an artifact or version Maven Central does not have."),
        ("OutOfMemoryError", "The JVM ran out of memory: the build or service needs less heap than it asked for."),
        ("COMPILATION ERROR", "The code does not compile: the log's first [ERROR] lines name the file and line."),
    ),
)
