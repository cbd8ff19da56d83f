"""Syntax highlighting with Pygments, one safe HTML string per line (Pygments escapes the text)."""

from __future__ import annotations

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

MAX_LINE_CHARS = 5000  # a longer line is cut on screen and says how long it was
MAX_HIGHLIGHTED_BYTES = 300 * 1024  # above this, plain escaped text: lexing would make the page slow


def _lexer(filename: str, size: int) -> Lexer:
    if size > MAX_HIGHLIGHTED_BYTES:
        return TextLexer(stripnl=False, ensurenl=False)
    try:
        return get_lexer_for_filename(filename, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False, ensurenl=False)


def _cut(line: str) -> tuple[str, int]:
    return (line, 0) if len(line) <= MAX_LINE_CHARS else (line[:MAX_LINE_CHARS], len(line))


def lines(text: str, filename: str) -> list[tuple[str, int]]:
    """(html, cut) per line: ``cut`` is the line's full length when it was shortened, else 0."""
    raw = text.splitlines()
    cut = [_cut(line) for line in raw]
    shortened = "\n".join(line for line, _ in cut)
    # nowrap: HtmlFormatter closes every span at the end of a line, so each line stands alone.
    html = highlight(shortened, _lexer(filename, len(text)), HtmlFormatter(nowrap=True)).split("\n")
    return [(html[i] if i < len(html) else "", full) for i, (_, full) in enumerate(cut)]
