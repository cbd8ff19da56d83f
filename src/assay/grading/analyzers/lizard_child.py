"""Run as a script in a child process by ``complexity.py``: lizard over the files named on the command line.

Prints one JSON document: the functions it measured and the files it could not read, each with the reason.
Each file is read once, as bytes; bytes that are not UTF-8 text never reach lizard (its tokenizers can spin on
them). It imports nothing of Assay, so it starts fast and a hostile file can only cost this process its time.
"""

import json
import sys

import lizard


def measure(path: str) -> dict:
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"skipped": "not UTF-8 text: no complexity measured"}
    try:
        info = lizard.analyze_file.analyze_source_code(path, text)
    except Exception as error:  # noqa: BLE001 - lizard chokes on some valid code; one file must not stop the rest
        return {"skipped": f"the complexity analyzer could not read it ({error.__class__.__name__}: {error})"[:300]}
    return {
        "functions": [
            {"name": f.name, "line": f.start_line, "ccn": f.cyclomatic_complexity, "nloc": f.nloc}
            for f in info.function_list
        ]
    }


if __name__ == "__main__":
    json.dump({path: measure(path) for path in sys.argv[1:]}, sys.stdout)
