"""Durations kept as histograms, so that medians of several months can be added up.

A median cannot be summed: the median of three years is not found from 36 monthly medians. The
monthly rollup (``MonthlyFigures``) therefore keeps each month's response and resolution times
as counts per duration bucket, and the median of any run of months (with the days at the
period's ends counted the same way, live) is read from the summed counts.

The buckets follow what the page shows (``templatetags.dashboard.duration``): a minute wide
under an hour (shown in minutes), six minutes (0.1 hour) up to two days (shown in hours with one
decimal), 0.1 day (2.4 hours) beyond (shown in days with one decimal). The median read from them
assumes the durations of a bucket are spread evenly over it, so it is off by less than one
bucket: at most one step of what the page prints. The bucket of a duration is computed in the
database (``bucket_sql``) and, for tests and non-PostgreSQL use, in Python (``bucket_of``); both
follow ``TIERS``.
"""

import math
from datetime import timedelta

# (first second of the tier, bucket width in seconds, number of buckets; None: open-ended)
TIERS = ((0, 60, 60), (3600, 360, 470), (172_800, 8640, None))


def bucket_of(seconds: float) -> int:
    """The bucket of a duration (negative durations count as zero)."""
    seconds = max(seconds, 0)
    first_bucket = 0
    for start, width, count in TIERS:
        if count is None or seconds < start + width * count:
            return first_bucket + math.floor((seconds - start) / width)
        first_bucket += count
    raise AssertionError("the last tier is open-ended")


def bucket_bounds(bucket: int) -> tuple[float, float]:
    """The seconds a bucket covers, ``[low, high)``."""
    first_bucket = 0
    for start, width, count in TIERS:
        if count is None or bucket < first_bucket + count:
            low = start + (bucket - first_bucket) * width
            return low, low + width
        first_bucket += count
    raise AssertionError("the last tier is open-ended")


def seconds_sql(end: str, start: str = "r.created_at") -> str:
    """SQL for the seconds from ``start`` to ``end`` (NULL when ``end`` is NULL), as a double:
    ``EXTRACT`` gives a numeric, and ``bucket_sql``'s arithmetic on numerics made the live
    histograms of a month at 10,000,000 aspirations take 720 ms instead of 618 ms."""
    return f"date_part('epoch', {end} - {start})"


def bucket_sql(seconds: str) -> str:
    """SQL for the bucket of a duration in seconds (``seconds_sql``), as ``bucket_of``; NULL stays
    NULL."""
    seconds = f"GREATEST({seconds}, 0)"
    branches, first_bucket = [], 0
    for start, width, count in TIERS:
        value = f"{first_bucket} + floor(({seconds} - {start}) / {width})"
        if count is None:
            branches.append(f"ELSE {value}")
        else:
            branches.append(f"WHEN {seconds} < {start + width * count} THEN {value}")
            first_bucket += count
    return f"(CASE {' '.join(branches)} END)::integer"


def add(into: dict, histogram: dict, sign: int = 1) -> dict:
    """Add (``sign`` -1: subtract) ``histogram``'s counts into ``into`` (keys may be ints or the
    strings JSON keeps)."""
    for bucket, n in histogram.items():
        bucket = int(bucket)
        into[bucket] = into.get(bucket, 0) + sign * n
    return into


def median(histogram: dict) -> timedelta | None:
    """The median of the durations counted in ``histogram`` (bucket -> count), read as
    PostgreSQL's ``percentile_cont(0.5)`` reads sorted values (halfway between the two middle
    ones when their number is even), each bucket's durations taken as evenly spread over it.
    ``None`` for an empty histogram."""
    counts = sorted((int(bucket), n) for bucket, n in histogram.items() if n)
    total = sum(n for _bucket, n in counts)
    if not total:
        return None

    def value(rank: int) -> float:  # the rank-th duration (0-based) in sorted order
        seen = 0
        for bucket, n in counts:
            if rank < seen + n:
                low, high = bucket_bounds(bucket)
                return low + (rank - seen + 0.5) * (high - low) / n
            seen += n
        raise AssertionError("rank beyond the histogram")

    middle = (total - 1) / 2
    below, above = value(math.floor(middle)), value(math.ceil(middle))
    return timedelta(seconds=below + (above - below) * (middle - math.floor(middle)))
