namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>
/// The Lua scripts of the shared stream. Each runs as one atomic step, so processes that publish one job in turn (or
/// retry a write) always leave one log of contiguous positions: an event not after the job's position is refused, a
/// newer epoch replaces the job, and a <c>seq</c> that skips ahead starts the log afresh, as the in-memory store does.
/// </summary>
internal static class StreamScripts
{
    /// <summary>The append's answers (first element of its reply).</summary>
    public const long Stored = 1;

    /// <summary>The event's epoch is older than the job's.</summary>
    public const long OlderEpoch = -1;

    /// <summary>The event's seq is not after the job's in the same epoch (another process or a retried write got there first).</summary>
    public const long NotAfterPosition = -2;

    // Shared helpers: ordinal comparison (Lua's < on strings follows the server's locale) and the length, in UTF-16
    // units, of the longest prefix of a UTF-8 string that fits `room` units without splitting a character.
    private const string Helpers = """
        local function before(a, b)
          local n = math.min(#a, #b)
          for i = 1, n do
            local x, y = string.byte(a, i), string.byte(b, i)
            if x ~= y then return x < y end
          end
          return #a < #b
        end
        local function prefix(s, room)
          local i, units, n = 1, 0, #s
          while i <= n do
            local b = string.byte(s, i)
            local size, u = 1, 1
            if b >= 240 then size, u = 4, 2 elseif b >= 224 then size = 3 elseif b >= 192 then size = 2 end
            if units + u > room then break end
            units = units + u
            i = i + size
          end
          return i - 1, units
        end
        """;

    /// <summary>
    /// Appends one event. KEYS: meta, log, text, the jobs' index, the jobs' sizes. ARGV: epoch, seq, kept_seq, event
    /// JSON, stream name ('' for none), chunk index, chunk text, chunk length in UTF-16 units, max events, max bytes, max
    /// text length, max streams, time to live in ms, max jobs, job id, the prefix of every job's keys, max total bytes.
    /// Returns {answer, evicted by count, evicted by bytes, discontinuity (events cleared), jobs released by the cap,
    /// jobs released by the total bytes}.
    /// </summary>
    /// <remarks>
    /// <para>The index is a sorted set of job ids scored by when their keys expire (Redis's clock), kept in the same
    /// step as the keys: entries past their time are pruned, and past max jobs the jobs that would expire soonest (with
    /// equal lifetimes, the least recently published) have their keys deleted. Their keys are built from the prefix
    /// rather than passed, as the set of victims is only known inside the step; the <c>{streams}</c> hash tag keeps them
    /// in the declared keys' cluster slot.</para>
    /// <para>The sizes hash holds each indexed job's bytes (its log, its newest event and its text's UTF-16 units) and
    /// their sum (field <c>#total</c>, which no job id can be), kept in the same steps as the index: past max total
    /// bytes the jobs that would expire soonest are deleted too, never the job just written.</para>
    /// </remarks>
    public const string Append = Helpers + """

        local meta, log, text = KEYS[1], KEYS[2], KEYS[3]
        local epoch, seq = ARGV[1], tonumber(ARGV[2])
        local current = redis.call('HMGET', meta, 'epoch', 'seq')
        local cleared = 0
        if current[1] then
          local cseq = tonumber(current[2])
          if before(epoch, current[1]) then return {-1, 0, 0, 0, 0, 0} end
          if epoch == current[1] and seq <= cseq then return {-2, 0, 0, 0, 0, 0} end
          if epoch ~= current[1] then
            cleared = redis.call('LLEN', log)
            redis.call('DEL', log, text)
            redis.call('HSET', meta, 'bytes', 0)
          elseif seq ~= cseq + 1 then
            cleared = redis.call('LLEN', log)
            redis.call('DEL', log)
            redis.call('HSET', meta, 'bytes', 0)
          end
        end
        local json = ARGV[4]
        redis.call('RPUSH', log, json)
        local bytes = redis.call('HINCRBY', meta, 'bytes', #json)
        local count = redis.call('LLEN', log)
        local byCount, byBytes = 0, 0
        local maxEvents, maxBytes = tonumber(ARGV[9]), tonumber(ARGV[10])
        while count > maxEvents do
          bytes = bytes - #redis.call('LPOP', log)
          count = count - 1
          byCount = byCount + 1
        end
        while count > 0 and bytes > maxBytes do
          bytes = bytes - #redis.call('LPOP', log)
          count = count - 1
          byBytes = byBytes + 1
        end
        redis.call('HSET', meta, 'epoch', epoch, 'seq', ARGV[2], 'kept', ARGV[3], 'event', json, 'bytes', bytes)
        local name = ARGV[5]
        if name ~= '' then
          local index = tonumber(ARGV[6])
          local nextIndex = redis.call('HGET', text, 'n:' .. name)
          if not nextIndex and tonumber(redis.call('HGET', text, 'streams') or '0') < tonumber(ARGV[12]) then
            redis.call('HINCRBY', text, 'streams', 1)
            redis.call('HSET', text, 'n:' .. name, 0, 'c:' .. name, 0, 't:' .. name, '')
            nextIndex = '0'
          end
          if nextIndex and index >= tonumber(nextIndex) then
            if index > tonumber(nextIndex) then
              redis.call('HSET', text, 'c:' .. name, 1)
            elseif redis.call('HGET', text, 'c:' .. name) ~= '1' then
              local length = tonumber(redis.call('HGET', text, 'length') or '0')
              local room = tonumber(ARGV[11]) - length
              local chunk, units = ARGV[7], tonumber(ARGV[8])
              if units > room then
                local keep
                keep, units = prefix(chunk, room)
                chunk = string.sub(chunk, 1, keep)
                redis.call('HSET', text, 'c:' .. name, 1)
              end
              redis.call('HSET', text, 'length', length + units)
              redis.call('HSET', text, 't:' .. name, redis.call('HGET', text, 't:' .. name) .. chunk)
            end
            redis.call('HSET', text, 'n:' .. name, index + 1)
          end
        end
        local ttl = tonumber(ARGV[13])
        local index, sizes, jobId = KEYS[4], KEYS[5], ARGV[15]
        local function forget(id)
          local size = redis.call('HGET', sizes, id)
          if size then
            redis.call('HINCRBY', sizes, '#total', -tonumber(size))
            redis.call('HDEL', sizes, id)
          end
        end
        local function release(victim)
          local job = ARGV[16] .. victim
          local deleted = redis.call('DEL', job .. ':meta', job .. ':log', job .. ':text')
          forget(victim)
          return deleted
        end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        for _, gone in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', now)) do forget(gone) end
        redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
        local released, byTotal = 0, 0
        if ttl <= 0 then
          redis.call('DEL', meta, log, text)
          redis.call('ZREM', index, jobId)
          forget(jobId)
        else
          redis.call('PEXPIRE', meta, ttl)
          redis.call('PEXPIRE', log, ttl)
          redis.call('PEXPIRE', text, ttl)
          redis.call('ZADD', index, now + ttl, jobId)
          local size = bytes + #json + tonumber(redis.call('HGET', text, 'length') or '0')
          local old = tonumber(redis.call('HGET', sizes, jobId) or '0')
          redis.call('HSET', sizes, jobId, size)
          local total = redis.call('HINCRBY', sizes, '#total', size - old)
          local over = redis.call('ZCARD', index) - tonumber(ARGV[14])
          if over > 0 then
            for _, victim in ipairs(redis.call('ZRANGE', index, 0, over - 1)) do
              if release(victim) > 0 then released = released + 1 end
            end
            redis.call('ZREMRANGEBYRANK', index, 0, over - 1)
            total = tonumber(redis.call('HGET', sizes, '#total') or '0')
          end
          local maxTotal = tonumber(ARGV[17])
          while total > maxTotal do
            local victim = redis.call('ZRANGE', index, 0, 0)[1]
            if not victim or victim == jobId then break end
            release(victim)
            redis.call('ZREM', index, victim)
            byTotal = byTotal + 1
            total = tonumber(redis.call('HGET', sizes, '#total') or '0')
          end
        end
        return {1, byCount, byBytes, cleared, released, byTotal}
        """;

    /// <summary>
    /// Reads what a resume needs. KEYS: meta, log, text. ARGV: mode ('none' without a cursor, else 'cursor'), the
    /// cursor's epoch ('' for the job's current one), its seq, the bound per replay. Returns an empty array for an
    /// unknown job, else {epoch, seq, kept_seq, event JSON, outcome (0 gapless, 1 truncated, 2 new epoch), events to
    /// replay (gapless), text hash fields (otherwise)}.
    /// </summary>
    public const string Read = """
        local meta, log, text = KEYS[1], KEYS[2], KEYS[3]
        local m = redis.call('HMGET', meta, 'epoch', 'seq', 'kept', 'event')
        if not m[4] then return {} end
        local epoch, seq = m[1], tonumber(m[2])
        local outcome = 1
        if ARGV[1] == 'cursor' then
          local cursorEpoch = ARGV[2]
          if cursorEpoch == '' then cursorEpoch = epoch end
          if cursorEpoch ~= epoch then
            outcome = 2
          else
            local after = tonumber(ARGV[3])
            local count = redis.call('LLEN', log)
            local first = seq - count + 1
            local missing = seq - after
            if missing >= 0 and after >= first - 1 and missing <= tonumber(ARGV[4]) then
              local events = {}
              if missing > 0 then events = redis.call('LRANGE', log, count - missing, -1) end
              return {m[1], m[2], m[3], m[4], 0, events, {}}
            end
          end
        end
        return {m[1], m[2], m[3], m[4], outcome, {}, redis.call('HGETALL', text)}
        """;
}
