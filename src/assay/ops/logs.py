"""What no log line may carry: the signed tokens that open a live session travel in its socket's query string
(a browser's WebSocket cannot send them in a header), and the web server logs the path it served."""

from __future__ import annotations

import logging
import re

# token=… in a URL's query string, whatever follows: the value ends at the next &, space or quote.
_SECRET_QUERY = re.compile(r"([?&](?:token|key|secret|signature)=)[^&\s\"']+", re.IGNORECASE)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return _SECRET_QUERY.sub(rf"\g<1>{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and arguments with every query-string secret replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True
