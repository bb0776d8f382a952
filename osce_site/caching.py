"""The content version, what is cached under it, and the cache backend.

Any write that goes through Django's database connections to a content table (newsroom_*,
structures_*, taggit_*, publications_*, library_*: publish, unpublish, edit, delete, import,
bulk updates alike) replaces the *content version*, so every cached page
(osce_site/middleware/page_cache.py) and every remembered count is stale at once. The write
is seen by a database execute wrapper rather than model signals, so QuerySet.update() and
bulk_create() in the admin and importer invalidate too. The version is replaced again when
the transaction commits, so a page rendered from pre-commit data cannot be kept.

A scheduled item going live changes no row, so no entry may outlive the next scheduled
publish_at: each entry's lifetime is min(its setting, seconds until then).

A second version, the *listing version*, changes with every content write except an
UPDATE of one row that a model declared leaves every list as it was (`unlisted_update()`:
a news item's new title or body, not its status, dates or content type); what depends
only on which items lists hold and in which order (the newsroom's counts, facet counts and
page keys, but not searches) is remembered under it (`remember(..., lists=True)`), so an
edit of a text costs a page render, not a recount of the archive.

Searches depend on texts as well: what they count and rank is remembered under the listing
version too, with the number of *text edits* made so far (`remember(..., texts=check)`).
An unlisted update that changes an item's searched text records itself as an Edit (the
item and what its search read before: `unlisted_update(..., edit=…)`), numbered by an
atomic counter, when it is executed and again when its transaction commits. A remembered
search stays current while `check(edits)` says that none of the edits since it was
computed changed whether, or how well, an edited item matches it (one query by key:
newsroom/listing/search.py `unaffected()`); else it is recomputed like any stale entry. So
retitling one item costs the searches it leaves alone a lookup of that item, not a
recount. A missing or unreadable record counts as a change.

Moves: an UPDATE that only takes one row into every list or out of them (an item published
or unpublished) declares itself a Move (`unlisted_update(..., edit=Move(...))`), recorded
like a text edit. What is kept per listing version follows the records since it was
computed: a list's count and facet counts are brought up to date by the list itself
(`remember(..., moves=…)`, newsroom/listing/moves.py); anything else kept per listing
version is recomputed after a move. Something computed while a record was made is served
but not kept (it may or may not have seen that change).

Stale-while-revalidate and single-flight (cached()): after a change, the first request
for a key takes the key's lock in the shared cache (`add` with a timeout) and recomputes
it; while it does, other anonymous requests are served the previous entry, but only if
that entry's version ended at most settings.CACHE_STALE_SECONDS ago (the bound, 10 s by
default) and none of the entry's surrogate keys was purged since it was made (an item
unpublished, withdrawn or deleted: osce_site/surrogate.py); otherwise they wait for the
lock holder's result. So no two workers compute the same key, and nothing older than the
bound is served. Staleness is allowed only inside `stale_allowed()`, which the page cache
opens for anonymous requests: staff, previews and the admin always get the current version.
Pages are also re-rendered one at a time (`one_at_a_time`, REVALIDATING): while a page may
still be served stale, only the request that holds the one revalidation slot re-renders it,
so after a change one worker re-renders the hot pages in turn while the others serve them
stale, instead of every worker rendering at once with visitors queueing behind them.
A computation that was itself served something stale (a page rendered while another worker
recounts its count) is returned but not kept, so it cannot outlive the bound.

The Redis backend (FaultTolerantRedisCache) turns Redis being down into cache misses.
"""

import contextlib
import contextvars
import hashlib
import logging
import math
import re
import time
import uuid
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db.backends.signals import connection_created
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

STATE_KEY = "content:state"
LISTING_KEY = "content:listing"  # the listing version (see above)
ENDED_KEY = "content:ended:{}"  # when a version was replaced (for the stale bound)
PURGED_KEY = "content:purged:{}"  # when a surrogate key was purged (removal)
EDITS_KEY = "content:edits"  # how many text edits were recorded (an atomic counter)
EDIT_KEY = "content:edit:{}"  # the n-th text edit (Edit)
MAX_EDITS = 50  # more text edits since an entry was computed: recompute it, check none
LOCK_SECONDS = 30  # longest a computation holds its key; then others may compute too
REVALIDATING = "lock:revalidating"  # held by the one request re-rendering a stale page
POLL_SECONDS = 0.02  # how often a request waiting for another's computation looks
PASS_SECONDS = 60  # how long "this page is not cacheable" is remembered (per version)
# The apps whose tables hold public content: a write to one changes the content version
# (below) and purges the shared HTTP cache (osce_site/surrogate.py).
CONTENT_APPS = ("newsroom", "structures", "taggit", "publications", "library")
# Their editorial records that no public page reads (the review queue): writing one changes
# no version and purges nothing.
PRIVATE_TABLES = ("newsroom_review", "publications_publicationreview")
CONTENT_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?'
    rf"(?!(?:{'|'.join(PRIVATE_TABLES)})[\"`\s])"
    rf"(?:{'|'.join(f'{app}_' for app in CONTENT_APPS)})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ContentState:
    version: str
    changed_at: float


@dataclass(frozen=True)
class Edit:
    """An unlisted update that changed what searches read of one row."""

    label: str  # the model's label_lower
    pk: object
    before: object  # what its search read before the update (search.searched_before())
    at: float = 0.0  # when it was recorded


@dataclass(frozen=True)
class Move:
    """An update of one row that took it into every list it belongs to, or out of them all
    (a news item published or unpublished), and changed nothing else that lists read."""

    label: str  # the model's label_lower
    pk: object
    listed_before: bool  # whether lists held it before the update
    at: float = 0.0


# Invalidation ----------------------------------------------------------------------------


def content_changed(connection=None, lists=True, edit=None):
    """Make every cached page and count stale, now and again when the transaction commits.

    With lists=False (an unlisted update), what is remembered per listing version stays;
    an `edit` of searched text is recorded both times (remembered searches check it)."""
    _forget_state(lists, edit)
    if connection is not None and connection.in_atomic_block:
        connection.on_commit(lambda: _forget_state(lists, edit))


def _forget_state(lists=True, edit=None):
    """Replace the content version (and the listing version); remember when the old ones
    ended (the stale bound); record a text edit or a move first, so that whoever sees the
    new version also sees the record."""
    try:
        now = time.time()
        if edit is not None:
            _record_edit(replace(edit, at=now))
        for key in (STATE_KEY, LISTING_KEY) if lists else (STATE_KEY,):
            old = cache.get(key)
            cache.set(key, ContentState(version=uuid.uuid4().hex, changed_at=now), None)
            if old is not None:
                cache.add(ENDED_KEY.format(old.version), now, settings.CACHE_STALE_SECONDS + 60)
    except Exception:
        logger.warning("Cache unavailable: could not invalidate cached pages", exc_info=True)


def _record_edit(edit):
    """Number `edit` (atomically: concurrent editors get different numbers) and keep it as
    long as an entry computed before it may live."""
    cache.add(EDITS_KEY, 0, None)
    number = cache.incr(EDITS_KEY)
    cache.set(EDIT_KEY.format(number), edit, settings.CACHE_COUNT_SECONDS + 60)


_unlisted = contextvars.ContextVar("unlisted_update", default=None)


def unlisted_update(table, pk, edit=None):
    """The coming UPDATE of row `pk` of `table` leaves every list as it was (pre_save);
    `edit`: what it changes of the searched text, if anything (an Edit)."""
    _unlisted.set((table, pk, edit))


@contextlib.contextmanager
def unlisted(table, pk):
    """Within: the UPDATE of row `pk` of `table` changes nothing that lists read (an edit
    lock's version number)."""
    unlisted_update(table, pk)
    try:
        yield
    finally:
        update_done()


def update_done():
    """post_save: back to "every write may change lists"."""
    _unlisted.set(None)


def _unlisted_write(sql, params, many):
    """The declaration (table, pk, edit) that this write is the unlisted update, or None."""
    unlisted = _unlisted.get()
    if unlisted is None or many or not params:
        return None
    table, pk, _edit = unlisted
    return unlisted if sql.startswith(f'UPDATE "{table}" SET ') and params[-1] == pk else None


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if CONTENT_WRITE.match(sql):
        unlisted = _unlisted_write(sql, params, many)
        content_changed(
            context["connection"],
            lists=unlisted is None,
            edit=unlisted[2] if unlisted is not None else None,
        )
    return result


def _install_watcher(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def connect():
    """Called once from NewsroomConfig.ready()."""
    connection_created.connect(_install_watcher, dispatch_uid="osce_site.caching.watch_writes")


# Versions and lifetimes ------------------------------------------------------------------


def content_state(key=STATE_KEY):
    """The current content (or listing) version, created on first use after a change."""
    state = cache.get(key)
    return state if state is not None else new_state(key)


def new_state(key=STATE_KEY):
    state = ContentState(version=uuid.uuid4().hex, changed_at=time.time())
    if not cache.add(key, state, None):
        state = cache.get(key) or state
    return state


def lifetime(state, seconds):
    """How long something cached under `state` may live: up to the next item going live."""
    key = f"content:next-live:{state.version}"
    next_live = cache.get(key)
    now = time.time()
    if next_live is None:
        from newsroom.models import NewsItem
        from publications.models import Publication

        moment = (
            NewsItem.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        # A scheduled publication goes live the same way: no row changes.
        publication = (
            Publication.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        moments = [m.timestamp() for m in (moment, publication) if m]
        next_live = min(moments, default=math.inf)
        cache.set(key, next_live, None if next_live == math.inf else max(1, next_live - now))
    return max(0, math.floor(min(seconds, next_live - now)))


# Cached computations ---------------------------------------------------------------------


def remembering():
    """Whether remember() keeps anything (settings.CACHE_COUNT_SECONDS above 0)."""
    return settings.CACHE_COUNT_SECONDS > 0


def remember(parts, compute, keys=(), lists=False, texts=None, moves=None):
    """compute(), cached until the content changes, for at most CACHE_COUNT_SECONDS (0: never).

    For numbers that are costly at archive scale and change only with content: the
    newsroom's counts and facet counts. Computed once however many requests want it at the
    same time (cached()); `keys` are the surrogate keys whose purge makes it unservable
    stale; with `lists`, it depends only on which items lists hold and in which order, and
    is kept per listing version; with `texts` (a search's check of text edits), also on
    texts, kept per listing version while `texts(edits)` says the edits since leave it
    as it was. A failing cache backend only costs the computation.

    What is kept per listing version follows the moves recorded since it was computed (an
    item published or unpublished: Move): without `moves`, any move makes it out of date;
    `moves(records, value, known)` brings it up to date instead, returning the new value and
    `known` ({(label, pk): listed} of the moved rows it has accounted for), or None when it
    cannot (then it is recomputed like any stale entry).
    """
    if not remembering():
        return compute()
    lists = lists or texts is not None or moves is not None
    key = "remember:" + hashlib.sha256(repr((parts, lists)).encode()).hexdigest()
    state_key = LISTING_KEY if lists else STATE_KEY
    seconds = settings.CACHE_COUNT_SECONDS
    follow = following(texts, moves) if lists else None
    return cached(
        key, lambda: (compute(), keys, True), seconds, state_key=state_key, follow=follow
    ).value


def following(texts=None, moves=None):
    """How an entry kept per listing version follows the records made since (cached()'s
    `follow`): text edits matter only to a search (`texts`), moves to every list."""

    def follow(records, value, known):
        edits = [r for r in records if isinstance(r, Edit)]
        moved = [r for r in records if isinstance(r, Move)]
        if edits and texts is not None and not texts(edits):
            return None
        if not moved:
            return value, known
        return moves(moved, value, known) if moves is not None else None

    return follow


def ignoring_moves(records, value, known):
    """remember(moves=…) for what no item's move changes (the taxonomy's records)."""
    return value, known


# Stale-while-revalidate and single-flight --------------------------------------------------


@dataclass(frozen=True)
class Entry:
    version: str  # the content version it was computed under
    made_at: float  # when its computation started
    expires: float
    value: object  # None when `kept` is False: "compute this one each time"
    keys: tuple = ()  # surrogate keys (osce_site/surrogate.py)
    kept: bool = True
    edits_seen: int | None = None  # records (edits, moves) made before it was computed
    known: tuple = ()  # ((label, pk), listed) of the moved rows it accounts for (`moves`)


_stale_allowed = contextvars.ContextVar("stale_allowed", default=False)


@contextlib.contextmanager
def stale_allowed(allowed=True):
    """Within: cached() may answer with an entry at most CACHE_STALE_SECONDS out of date.

    stale_allowed(False) forbids it again inside, for what is kept as part of something
    current (a fragment of a page that the page cache stores under the new version)."""
    token = _stale_allowed.set(allowed)
    try:
        yield
    finally:
        _stale_allowed.reset(token)


@dataclass(frozen=True)
class Found:
    value: object
    how: str  # "hit", "stale", "miss", "pass" (not cacheable) or "off" (cache unavailable)
    expires: float = 0.0  # when the entry served or stored expires (0: none)


def cached(
    key, compute, seconds, fresh_only=False, state_key=STATE_KEY, follow=None, one_at_a_time=False
):
    """Found: the entry under `key` for the current content version, else compute()'s.

    compute() returns (value, surrogate keys, keep); a value not kept is remembered as
    "not cacheable" for this version, so later requests compute without waiting. With
    `fresh_only`, nothing is computed: Found(None, "miss") unless a current entry exists.
    `state_key`: the version it is kept under (STATE_KEY or LISTING_KEY). `follow`: the
    entry follows the records (text edits, moves) made since it was computed:
    follow(records, value, known) gives its value after them, or None (remember()).
    `one_at_a_time` (the page cache): a stale entry that may still be served is recomputed
    only by the request that also takes REVALIDATING, so that one worker at a time re-renders
    after a change and the others keep serving; past the bound, every key is computed as
    soon as its own lock is free.
    """
    lock = "lock:" + key
    deadline = time.monotonic() + LOCK_SECONDS
    names = [state_key, key, *([EDITS_KEY] if follow else [])]
    try:
        found = cache.get_many(names)
    except Exception:
        logger.warning("Cache unavailable: computing %s uncached", key, exc_info=True)
        return Found(compute()[0], "off")
    state = found.get(state_key) or new_state(state_key)
    entry = found.get(key)
    while True:
        edited_at = None  # when text edits made a current entry out of date
        if entry is not None and entry.version == state.version:
            if follow:
                entry, edited_at = _followed(key, entry, found.get(EDITS_KEY, 0), follow)
            if edited_at is None:
                if entry.kept:
                    return Found(entry.value, "hit", entry.expires)
                return Found(compute()[0], "pass")
        if fresh_only:
            return Found(None, "miss")
        stale = (
            entry is not None
            and entry.kept
            and _stale_allowed.get()
            and servable_stale(entry, ended=edited_at)
        )
        slot = stale and one_at_a_time
        if slot and not cache.add(REVALIDATING, 1, LOCK_SECONDS):
            return _served_stale(entry)  # another request re-renders: not this one too
        try:
            if cache.add(lock, 1, LOCK_SECONDS):
                try:
                    return _compute_and_keep(key, state, compute, seconds, follow)
                finally:
                    cache.delete(lock)
        finally:
            if slot:
                cache.delete(REVALIDATING)
        if not _cache_available():
            return Found(compute()[0], "off")
        if stale:
            return _served_stale(entry)
        if time.monotonic() > deadline:  # the holder died or hangs: compute too
            return _compute_and_keep(key, state, compute, seconds, follow)
        time.sleep(POLL_SECONDS)
        found = cache.get_many(names)
        state = found.get(state_key) or state
        entry = found.get(key) or entry


MAX_KNOWN = 200  # moved rows an entry may account for; more: recompute it


def _followed(key, entry, edits, follow):
    """(the entry brought up to date with the records made since it was computed, None),
    kept so; or (entry, when the first of them was made: 0 if not known) when they make it
    out of date."""
    seen = entry.edits_seen
    if not entry.kept or (seen is not None and edits == seen):
        return entry, None
    if seen is None or edits < seen or edits - seen > MAX_EDITS:
        return entry, 0.0
    names = [EDIT_KEY.format(number) for number in range(seen + 1, edits + 1)]
    found = cache.get_many(names)
    if len(found) < len(names):
        return entry, 0.0
    recorded = [found[name] for name in names]
    outcome = follow(recorded, entry.value, dict(entry.known))
    if outcome is None or len(outcome[1]) > MAX_KNOWN:
        return entry, min(record.at for record in recorded)
    value, known = outcome
    entry = replace(entry, value=value, known=tuple(known.items()), edits_seen=edits)
    ttl = entry.expires - time.time()
    if ttl >= 1:
        cache.set(key, entry, math.floor(ttl))
    return entry, None


# What a computation used that was served stale: a page rendered with a stale count is
# not kept as current (it would outlive the bound); the next request renders it again.
_stale_inside = contextvars.ContextVar("stale_inside", default=None)


def _served_stale(entry):
    inside = _stale_inside.get()
    if inside is not None:
        inside.append(entry.version)
    return Found(entry.value, "stale")


def _compute_and_keep(key, state, compute, seconds, follow=None):
    made_at = time.time()
    edits_seen = cache.get(EDITS_KEY, 0) if follow else None  # before: the records it saw
    outer = _stale_inside.get()
    token = _stale_inside.set([])
    try:
        value, keys, keep = compute()
        used_stale = _stale_inside.get()
    finally:
        _stale_inside.reset(token)
    if used_stale:
        if outer is not None:
            outer.extend(used_stale)
        return Found(value, "miss")  # served, not kept
    if follow and cache.get(EDITS_KEY, 0) != edits_seen:
        # A record made while it was computed: whether it saw that change is not known, so
        # following it could count a move twice. Served, not kept.
        return Found(value, "miss")
    expires = 0.0
    try:
        ttl = lifetime(state, seconds if keep else min(seconds, PASS_SECONDS))
        if ttl >= 1:
            entry = Entry(
                version=state.version,
                made_at=made_at,
                expires=time.time() + ttl,
                value=value if keep else None,
                keys=tuple(keys),
                kept=keep,
                edits_seen=edits_seen,
            )
            cache.set(key, entry, ttl)
            expires = entry.expires if keep else 0.0
    except Exception:
        logger.warning("Cache unavailable: could not keep %s", key, exc_info=True)
    return Found(value, "miss" if keep else "pass", expires)


def servable_stale(entry, ended=None):
    """Whether `entry`, of an earlier version (or out of date since `ended`, by text edits),
    may still be served (the stale bound)."""
    names = [ENDED_KEY.format(entry.version), *(PURGED_KEY.format(k) for k in entry.keys)]
    found = cache.get_many(names)
    ended = found.get(names[0]) if ended is None else ended
    if ended is None or time.time() - ended > settings.CACHE_STALE_SECONDS:
        return False
    return all(found.get(name, 0) < entry.made_at for name in names[1:])


def purged(keys):
    """Entries tagged with any of `keys` and made before now may no longer be served stale."""
    now = time.time()
    try:
        cache.set_many(
            {PURGED_KEY.format(key): now for key in keys}, settings.CACHE_STALE_SECONDS + 60
        )
    except Exception:
        logger.warning("Cache unavailable: could not record a purge", exc_info=True)


def _cache_available():
    available = getattr(cache, "available", None)
    return available() if available else True


# The Redis backend -----------------------------------------------------------------------
# Django's RedisCache, except that Redis being down means cache misses, not 500s.
#
# Every page can be built from the database; the cache only makes it cheaper. When Redis
# fails, reads return the default, writes are dropped and `incr` raises ValueError (what
# callers already handle for a missing key). After a failure the backend stops calling
# Redis for a few seconds, so a dead or black-holed server costs one timeout per process
# per pause instead of one per cache call; the failure is logged once per pause.


PAUSE_SECONDS = 5.0
FAILURES = (RedisError, OSError)


class FaultTolerantRedisCache(RedisCache):
    _down_until = 0.0

    def available(self):
        return time.monotonic() >= FaultTolerantRedisCache._down_until

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < FaultTolerantRedisCache._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except FAILURES as error:
            FaultTolerantRedisCache._down_until = time.monotonic() + PAUSE_SECONDS
            logger.error(
                "cache unavailable, serving without it for %ss: %s: %s",
                PAUSE_SECONDS,
                type(error).__name__,
                error,
            )
            return fallback()

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", self._missing(key), key, delta, version)

    def clear(self):
        return self._call("clear", lambda: False)

    @staticmethod
    def _missing(key):
        def fallback():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return fallback
