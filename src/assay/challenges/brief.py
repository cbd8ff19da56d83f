"""Rendering a challenge brief (Markdown) to HTML that is safe to put in a page.

Raw HTML in the Markdown is escaped, never passed through; markdown-it refuses javascript:, vbscript:
and file: links itself; every link is marked nofollow and opens no window handle back to Assay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import OptionsDict


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any) -> str:
    tokens[idx].attrSet("rel", "nofollow noopener")
    return str(self.renderToken(tokens, idx, options, env))


_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
_markdown.add_render_rule("link_open", _link_open)


def render_brief(text: str) -> str:
    """HTML for ``text``; mark it safe only because of the options above."""
    return _markdown.render(text)
