"""Counting a caller's API requests per window, in a store every process shares.

Redis when REDIS_URL is set (INCR and EXPIRE, one round trip); otherwise a row per caller and window in the
database, bumped with a conditional UPDATE so concurrent requests of several processes never lose a count.
"""

from __future__ import annotations

import time
from datetime import timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from assay.integrations.models import RateCounter


@cache
def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


def _count_in_redis(url: str, bucket: str, window: int) -> int:
    pipeline = _redis(url).pipeline()
    pipeline.incr(bucket)
    pipeline.expire(bucket, window + 1)
    count, _ = pipeline.execute()
    return int(count)


def _count_in_database(bucket: str, window: int) -> int:
    counters = RateCounter.objects.filter(bucket=bucket)
    if not counters.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateCounter.objects.create(
                    bucket=bucket, count=1, expires_at=timezone.now() + timedelta(seconds=window)
                )
            RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()  # once per new window: tidy up
        except IntegrityError:  # another process opened this window first
            counters.update(count=F("count") + 1)
    return int(counters.values_list("count", flat=True).get())


def hit(caller: str, limit: int | None = None, window: int | None = None) -> tuple[bool, int, int]:
    """Count one request of ``caller``: (allowed, requests left in the window, seconds until it ends).

    ``limit`` and ``window`` default to the API's (ASSAY_API_RATE_LIMIT per ASSAY_API_RATE_WINDOW_SECONDS).
    """
    window = window or settings.ASSAY_API_RATE_WINDOW_SECONDS
    limit = limit or settings.ASSAY_API_RATE_LIMIT
    now = time.time()
    index = int(now // window)
    bucket = f"assay:rate:{caller}:{index}"
    count = (
        _count_in_redis(settings.REDIS_URL, bucket, window)
        if settings.REDIS_URL
        else _count_in_database(bucket, window)
    )
    retry_after = max(1, int((index + 1) * window - now + 0.999))
    return count <= limit, max(0, limit - count), retry_after
