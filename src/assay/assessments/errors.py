"""The failures of a candidate's link, on top of assay.errors.

A tampered link is a plain NotFound; a link that was good once but is no longer (expired, withdrawn) is
"gone" (410), so the candidate knows it was not a typo.
"""

from __future__ import annotations

from assay.errors import NotFound


class LinkGone(NotFound):
    status = 410
    title = "This link no longer works"
    slug = "link-gone"
