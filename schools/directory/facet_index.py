"""The directory's facet index: one Redis bitmap per filter value and common word.

Counting every facet of a search in PostgreSQL reads every matching row: a word in a
third of 100,000 recommendations means 34,000 rows per search, and any change to the
directory used to drop every cached count. Here each published recommendation is one
bit (at its id) in

- `all`: every published recommendation;
- `f:<facet>:<value>`: those with that value (a phase, a subject, a kind of support…);
- `w:<lexeme>`: those whose search vector holds that word, for the words at least
  DIRECTORY_FACET_WORDS_MIN recommendations use (rarer words are cheap to count in
  PostgreSQL: the search falls back to it);

and one Lua script combines the words and filters with BITOP and counts every option
with BITCOUNT: a few milliseconds for any search, in one round trip.

A change to one recommendation changes only its own bits (`apply`, called by the
services when the change commits), so the counts of every search stay right without
recounting anything. `build` writes a whole new generation of keys from the
database and switches to it; changes that commit while it runs are replayed onto
it. When the index is missing (Redis restarted, never built) the search counts in
PostgreSQL as before and a rebuild is queued.

Keys live under the cache's prefix in the cache's Redis. Reads (`counts`) are in
`selectors.facets`; writes (`build`, `apply`) are called by
`services.facet_index`.
"""

from __future__ import annotations

import json
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from redis import exceptions as redis_errors

log = logging.getLogger(__name__)

NAME = "directory:facet-index"
BUILD_LOCK_SECONDS = 15 * 60

# Apply the current state of some recommendations to the live generation (and note
# them for a generation being built): clear each one's bit everywhere, then set it
# where it now belongs. ARGV[1]: JSON list of {id, published, values: [[facet,
# value]...], words: [lexeme...]}.
APPLY = """
local p = KEYS[1]
local rows = cjson.decode(ARGV[1])
local gen = redis.call('GET', p .. ':gen')
local building = redis.call('GET', p .. ':building')
if building and building ~= gen then
  for _, row in ipairs(rows) do redis.call('RPUSH', p .. ':dirty:' .. building, row.id) end
  redis.call('EXPIRE', p .. ':dirty:' .. building, 3600)
end
if not gen then return 0 end
local base = p .. ':' .. gen
if redis.call('EXISTS', base .. ':ready') == 0 then return 0 end
local facets = redis.call('SMEMBERS', base .. ':facets')
local words = redis.call('SMEMBERS', base .. ':words')
for _, row in ipairs(rows) do
  local id = row.id
  redis.call('SETBIT', base .. ':all', id, 0)
  for _, facet in ipairs(facets) do
    for _, v in ipairs(redis.call('SMEMBERS', base .. ':values:' .. facet)) do
      redis.call('SETBIT', base .. ':f:' .. facet .. ':' .. v, id, 0)
    end
  end
  for _, w in ipairs(words) do redis.call('SETBIT', base .. ':w:' .. w, id, 0) end
  if row.published then
    redis.call('SETBIT', base .. ':all', id, 1)
    for _, pair in ipairs(row.values) do
      redis.call('SADD', base .. ':facets', pair[1])
      redis.call('SADD', base .. ':values:' .. pair[1], pair[2])
      redis.call('SETBIT', base .. ':f:' .. pair[1] .. ':' .. pair[2], id, 1)
    end
    for _, w in ipairs(row.words) do
      if redis.call('SISMEMBER', base .. ':words', w) == 1 then
        redis.call('SETBIT', base .. ':w:' .. w, id, 1)
      end
    end
  end
end
return #rows
"""

# Count a search: ARGV[1] is JSON {expr: RPN of the words ("w:<lexeme>", "&", "|",
# "!"), active: {facet: [values chosen]}, facets: [facet...]}. Returns false when
# the index cannot answer (not built, or a word it does not keep); otherwise
# [total, the matches' bitmap, JSON {facet: [[value, count]...]}] (options counted
# none are left out) where each facet is counted with every chosen filter but its
# own.
COUNT = """
local p = KEYS[1]
local tmp = KEYS[2]
local gen = redis.call('GET', p .. ':gen')
if not gen then return false end
local base = p .. ':' .. gen
if redis.call('EXISTS', base .. ':ready') == 0 then return false end
local plan = cjson.decode(ARGV[1])
local all = base .. ':all'
local n = 0
local function fresh()
  n = n + 1
  return tmp .. ':' .. n
end
local stack = {}
for _, t in ipairs(plan.expr) do
  if t == '&' or t == '|' then
    local b = table.remove(stack)
    local a = table.remove(stack)
    local d = fresh()
    redis.call('BITOP', t == '&' and 'AND' or 'OR', d, a, b)
    table.insert(stack, d)
  elseif t == '!' then
    local a = table.remove(stack)
    local d = fresh()
    redis.call('BITOP', 'AND', d, all, a)
    redis.call('BITOP', 'XOR', d, all, d)
    table.insert(stack, d)
  else
    local w = string.sub(t, 3)
    if redis.call('SISMEMBER', base .. ':words', w) == 0 then
      for i = 1, n do redis.call('DEL', tmp .. ':' .. i) end
      return false
    end
    table.insert(stack, base .. ':w:' .. w)
  end
end
local words = stack[1] or all
if plan.scope then
  -- Only these (ARGV[2], a bitmap: the recommendations near a place).
  local scope = fresh()
  redis.call('SET', scope, ARGV[2])
  local d = fresh()
  redis.call('BITOP', 'AND', d, words, scope)
  words = d
end
local chosen = {}
for facet, values in pairs(plan.active) do
  local d = fresh()
  local args = {'OR', d}
  for _, v in ipairs(values) do table.insert(args, base .. ':f:' .. facet .. ':' .. v) end
  redis.call('BITOP', unpack(args))
  chosen[facet] = d
end
local function scope_without(skip)
  local d = fresh()
  local args = {'AND', d, all, words}
  for facet, key in pairs(chosen) do
    if facet ~= skip then table.insert(args, key) end
  end
  redis.call('BITOP', unpack(args))
  return d
end
local everything = scope_without(nil)
local total = redis.call('BITCOUNT', everything)
local matches = redis.call('GET', everything) or ''
local counts = {}
local probe = fresh()
for _, facet in ipairs(plan.facets) do
  local scope = everything
  if chosen[facet] then scope = scope_without(facet) end
  local found = {}
  for _, v in ipairs(redis.call('SMEMBERS', base .. ':values:' .. facet)) do
    redis.call('BITOP', 'AND', probe, scope, base .. ':f:' .. facet .. ':' .. v)
    local c = redis.call('BITCOUNT', probe)
    if c > 0 then table.insert(found, {v, c}) end
  end
  counts[facet] = found
end
for i = 1, n do redis.call('DEL', tmp .. ':' .. i) end
return {total, matches, cjson.encode(counts)}
"""


def enabled() -> bool:
    return bool(getattr(settings, "DIRECTORY_FACET_INDEX", False)) and (
        settings.IS_POSTGRES and _client() is not None
    )


def _client():
    """The cache's Redis client, or None when the cache is not Redis."""
    backend = getattr(cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    if get_client is None:
        return None
    return get_client(write=True)


def prefix() -> str:
    return cache.make_key(NAME)


def _scripts(client) -> dict:
    scripts = getattr(client, "_directory_facet_scripts", None)
    if scripts is None:
        scripts = {
            "apply": client.register_script(APPLY),
            "count": client.register_script(COUNT),
        }
        client._directory_facet_scripts = scripts
    return scripts


# ---------------------------------------------------------------------------
# Reading


def ready() -> bool | None:
    """Whether the index is built; None when Redis does not answer."""
    client = _client()
    if client is None:
        return False
    try:
        gen = client.get(f"{prefix()}:gen")
        return bool(gen) and bool(client.exists(f"{prefix()}:{gen.decode()}:ready"))
    except redis_errors.RedisError:
        return None


def count(
    *,
    expr: list[str],
    active: dict[str, list[str]],
    facets: list[str],
    scope: bytes | None = None,
):
    """(total, {facet: {value: count}}, the matches' bitmap), or None when the
    index cannot answer. `scope`: a bitmap the matches must also be in."""
    client = _client()
    if client is None:
        return None
    plan = {
        "expr": expr,
        "active": active or {},
        "facets": facets,
        "scope": scope is not None,
    }
    script = _scripts(client)["count"]
    temporary = f"{prefix()}:tmp:{uuid.uuid4().hex}"
    try:
        reply = script(
            keys=[prefix(), temporary], args=[json.dumps(plan), scope or b""]
        )
    except (redis_errors.ConnectionError, redis_errors.TimeoutError):
        return None  # Redis away: PostgreSQL counts, as without the index
    except redis_errors.ResponseError:
        # The script stopped part-way (Redis out of memory, say): its scratch keys
        # go, and PostgreSQL counts this search.
        log.warning("directory facet index: count failed", exc_info=True)
        leftover = list(client.scan_iter(match=f"{temporary}:*", count=1000))
        if leftover:
            client.unlink(*leftover)
        return None
    if not reply:
        return None
    total, matches, found = int(reply[0]), reply[1], json.loads(reply[2])
    counts = {f: dict(found.get(f) or ()) for f in facets}
    return total, counts, matches


def kept(bits: bytes, rows) -> list:
    """The rows (each an id first) whose bit is set, in their order."""
    size = len(bits)
    return [
        row
        for row in rows
        if (row[0] >> 3) < size and bits[row[0] >> 3] & (0x80 >> (row[0] & 7))
    ]


# For each byte, its set bits as offsets from the byte's first id, highest first.
_BITS_OF = [tuple(7 - j for j in range(8) if byte & (1 << j)) for byte in range(256)]


def highest_ids(bits: bytes, limit: int) -> list[int]:
    """The ids of the highest `limit` bits set (the most recently added first)."""
    out: list[int] = []
    end = len(bits.rstrip(b"\0"))
    for i in range(end - 1, -1, -1):
        byte = bits[i]
        if byte:
            first = i * 8
            out.extend(first + offset for offset in _BITS_OF[byte])
            if len(out) >= limit:
                return out[:limit]
    return out


# The words of a search as the index can evaluate them: websearch_to_tsquery's
# output, lexemes joined by & | ! and brackets. Phrases ("<->"), prefixes and
# weights are left to PostgreSQL.
TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'|(&|\||!|\(|\))|(\S))")
PRECEDENCE = {"!": 3, "&": 2, "|": 1}


def _tokens(tsquery: str) -> list[str] | None:
    """Lexemes ("w:<lexeme>") and operators, or None for anything else."""
    tokens, pos, text = [], 0, tsquery.strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.group(3):
            return None  # a phrase, a prefix, a weight: PostgreSQL counts it
        pos = match.end()
        lexeme, op = match.group(1), match.group(2)
        tokens.append("w:" + lexeme.replace("''", "'") if lexeme is not None else op)
    return tokens


def _postfix(parts: list[str]) -> list[str] | None:
    """Shunting-yard: "!" binds tightest, then "&", then "|"."""
    out: list[str] = []
    ops: list[str] = []
    for part in parts:
        if part.startswith("w:"):
            out.append(part)
        elif part in ("(", "!"):
            ops.append(part)  # "!" is unary, right-associative
        elif part == ")":
            while ops and ops[-1] != "(":
                out.append(ops.pop())
            if not ops:
                return None
            ops.pop()
        else:
            while ops and ops[-1] != "(" and PRECEDENCE[ops[-1]] >= PRECEDENCE[part]:
                out.append(ops.pop())
            ops.append(part)
    while ops:
        if ops[-1] == "(":
            return None
        out.append(ops.pop())
    return out


def _well_formed(postfix: list[str]) -> bool:
    """Every operator has its operands and exactly one value is left."""
    depth = 0
    for part in postfix:
        if part.startswith("w:"):
            depth += 1
        elif part == "!" and depth < 1:
            return False
        elif part in ("&", "|"):
            if depth < 2:  # noqa: PLR2004 - a binary operator's two operands
                return False
            depth -= 1
    return depth == 1


def to_rpn(tsquery: str) -> list[str] | None:
    """The tsquery's text as postfix tokens ("w:<lexeme>", "&", "|", "!"), or None
    when it holds anything else (or nothing: only stop words)."""
    tokens = _tokens(tsquery)
    postfix = _postfix(tokens) if tokens else None
    return postfix if postfix and _well_formed(postfix) else None


# ---------------------------------------------------------------------------
# Writing (called by services.facet_index)


def bitmap(ids) -> bytes:
    """Redis's bit order: bit n is the (n % 8)th most significant bit of byte n // 8."""
    ids = list(ids)
    if not ids:
        return b""
    out = bytearray(max(ids) // 8 + 1)
    for i in ids:
        out[i >> 3] |= 0x80 >> (i & 7)
    return bytes(out)


def begin_build() -> str | None:
    """A new generation's number, marked as being built; None if a build is running."""
    client = _client()
    p = prefix()
    if not client.set(f"{p}:build-lock", "1", nx=True, ex=BUILD_LOCK_SECONDS):
        return None
    gen = str(client.incr(f"{p}:next-gen"))
    client.set(f"{p}:building", gen, ex=BUILD_LOCK_SECONDS)
    return gen


def write_generation(gen: str, *, facets: dict, words: dict, published) -> None:
    """Write a generation's keys: facets {facet: {value: ids}}, words {lexeme: ids}."""
    client = _client()
    base = f"{prefix()}:{gen}"
    pipe = client.pipeline(transaction=False)
    pipe.set(f"{base}:all", bitmap(published))
    if facets:
        pipe.sadd(f"{base}:facets", *facets)
    for facet, values in facets.items():
        if values:
            pipe.sadd(f"{base}:values:{facet}", *values)
        for value, ids in values.items():
            pipe.set(f"{base}:f:{facet}:{value}", bitmap(ids))
    if words:
        pipe.sadd(f"{base}:words", *words)
    for lexeme, ids in words.items():
        pipe.set(f"{base}:w:{lexeme}", bitmap(ids))
        if len(pipe) > 500:
            pipe.execute()
    pipe.execute()


def switch_to(gen: str) -> list[int]:
    """Make the generation live, drop the one before it and end the build; the ids
    of recommendations changed while it was built (to apply again)."""
    client = _client()
    p = prefix()
    client.set(f"{p}:{gen}:ready", "1")
    client.set(f"{p}:gen", gen)
    client.delete(f"{p}:building")
    dirty = [int(i) for i in client.lrange(f"{p}:dirty:{gen}", 0, -1)]
    client.delete(f"{p}:dirty:{gen}")
    drop_others(live=gen)  # the one before, and any a dead build left
    # Only now may another build start (its keys must not be dropped above).
    client.delete(f"{p}:build-lock")
    return sorted(set(dirty))


def abandon_build(gen: str) -> None:
    client = _client()
    p = prefix()
    client.delete(f"{p}:building", f"{p}:dirty:{gen}", f"{p}:build-lock")
    drop_generation(gen)


def drop_generation(gen: str) -> None:
    client = _client()
    batch = []
    for key in client.scan_iter(match=f"{prefix()}:{gen}:*", count=1000):
        batch.append(key)
        if len(batch) >= 500:
            client.unlink(*batch)
            batch = []
    if batch:
        client.unlink(*batch)


def drop_others(*, live: str) -> None:
    """Keys of generations other than the live one: the one it replaced, and any a
    build whose process died left behind."""
    client = _client()
    p = prefix()
    stale = []
    for key in client.scan_iter(match=f"{p}:*", count=1000):
        part = key.decode().removeprefix(f"{p}:").split(":", 1)[0]
        if part.isdigit() and part != live:
            stale.append(key)
    for start in range(0, len(stale), 500):
        client.unlink(*stale[start : start + 500])


def apply(rows: list[dict]) -> None:
    """Each row: {id, published, values: [(facet, value)...], words: [lexeme...]}."""
    client = _client()
    if client is None or not rows:
        return
    _scripts(client)["apply"](keys=[prefix()], args=[json.dumps(rows)])


def forget() -> None:
    """Drop the whole index (tests; the next build starts afresh)."""
    client = _client()
    if client is None:
        return
    keys = list(client.scan_iter(match=f"{prefix()}:*", count=1000))
    if keys:
        client.unlink(*keys)
