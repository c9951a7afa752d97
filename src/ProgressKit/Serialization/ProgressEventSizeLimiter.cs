using ProgressKit.Events;

namespace ProgressKit.Serialization;

/// <summary>
/// Cuts an event down to a transport's size limit by a fixed, documented rule, so that an oversized event is still
/// delivered (with its job state intact) instead of being dropped.
/// </summary>
/// <remarks>
/// <para>The rule, applied step by step until the serialized event fits (see <c>docs/wire-format.md</c>):</para>
/// <list type="number">
/// <item><description><c>results</c> is removed (clients fetch large results from the application's own API).</description></item>
/// <item><description><c>metadata</c> is removed.</description></item>
/// <item><description><c>chunk.text</c>, <c>message</c> and <c>error.message</c> are shortened, keeping their beginning.</description></item>
/// <item><description>Everything but the job state (<c>v</c>, <c>type</c>, <c>job_id</c>, <c>seq</c>, <c>timestamp</c>,
/// <c>status</c>, <c>progress</c>, <c>stage</c>, <c>user_id</c>, <c>tenant_id</c>, <c>error.code</c>) is removed.</description></item>
/// </list>
/// <para>Every field removed or shortened is named in <see cref="ProgressEvent.Truncated"/>, so a client can tell.</para>
/// </remarks>
public static class ProgressEventSizeLimiter
{
    /// <summary>The smallest limit the rule can honour: a bare job state always fits in this many bytes.</summary>
    public const int MinimumLimit = 1024;

    /// <summary>Serializes <paramref name="progressEvent"/>, cutting it down by the rule when it exceeds <paramref name="maxUtf8Bytes"/>.</summary>
    /// <param name="progressEvent">The event.</param>
    /// <param name="maxUtf8Bytes">The largest serialized size allowed, in bytes (at least <see cref="MinimumLimit"/>).</param>
    /// <param name="fitted">The event that was serialized: <paramref name="progressEvent"/> itself, or a cut-down copy.</param>
    /// <returns>The UTF-8 JSON of <paramref name="fitted"/>, at most <paramref name="maxUtf8Bytes"/> long.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxUtf8Bytes"/> is below <see cref="MinimumLimit"/>.</exception>
    public static byte[] Fit(ProgressEvent progressEvent, int maxUtf8Bytes, out ProgressEvent fitted)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUtf8Bytes, MinimumLimit);

        fitted = progressEvent;
        var bytes = ProgressEventSerializer.SerializeToUtf8Bytes(progressEvent);
        if (bytes.Length <= maxUtf8Bytes)
        {
            return bytes;
        }

        var truncated = new List<string>(progressEvent.Truncated ?? []);
        var current = progressEvent;
        if (current.Results is not null)
        {
            current = new ProgressEvent(current) { Results = null };
            truncated.Add("results");
            if (TryFit(ref current, truncated, maxUtf8Bytes, ref bytes)) { fitted = current; return bytes; }
        }

        if (current.Metadata is not null)
        {
            current = new ProgressEvent(current) { Metadata = null };
            truncated.Add("metadata");
            if (TryFit(ref current, truncated, maxUtf8Bytes, ref bytes)) { fitted = current; return bytes; }
        }

        current = Shorten(current, maxUtf8Bytes, truncated, ref bytes);
        if (bytes.Length <= maxUtf8Bytes) { fitted = current; return bytes; }

        current = new ProgressEvent
        {
            Version = current.Version,
            Type = current.Type,
            JobId = current.JobId,
            Epoch = current.Epoch,
            Sequence = current.Sequence,
            KeptSequence = current.KeptSequence,
            Timestamp = current.Timestamp,
            Status = current.Status,
            Progress = current.Progress,
            Stage = Clip(current.Stage, 256),
            UserId = Clip(current.UserId, 256),
            TenantId = Clip(current.TenantId, 256),
            Error = current.Error is null ? null : new ErrorInfo { Code = Clip(current.Error.Code, 128)!, Message = string.Empty },
        };
        truncated.Add("*");
        TryFit(ref current, truncated, maxUtf8Bytes, ref bytes);
        fitted = current;
        return bytes;
    }

    private static bool TryFit(ref ProgressEvent current, List<string> truncated, int max, ref byte[] bytes)
    {
        current = new ProgressEvent(current) { Truncated = truncated.Distinct(StringComparer.Ordinal).ToArray() };
        bytes = ProgressEventSerializer.SerializeToUtf8Bytes(current);
        return bytes.Length <= max;
    }

    // Shortens chunk.text, then message, then error.message, each in proportion to how far the event is over the
    // limit, until it fits; a field is only emptied when nothing else is left to cut.
    private static ProgressEvent Shorten(ProgressEvent current, int max, List<string> truncated, ref byte[] bytes)
    {
        current = ShortenField(current, max, truncated, ref bytes, "chunk.text",
            static e => e.Chunk?.Text, static (e, text) => new ProgressEvent(e) { Chunk = new ChunkInfo { Stream = e.Chunk!.Stream, Index = e.Chunk.Index, Text = text } });
        current = ShortenField(current, max, truncated, ref bytes, "message",
            static e => e.Message, static (e, text) => new ProgressEvent(e) { Message = text });
        return ShortenField(current, max, truncated, ref bytes, "error.message",
            static e => e.Error?.Message, static (e, text) => new ProgressEvent(e) { Error = new ErrorInfo { Code = e.Error!.Code, Message = text } });
    }

    private static ProgressEvent ShortenField(
        ProgressEvent current, int max, List<string> truncated, ref byte[] bytes, string field,
        Func<ProgressEvent, string?> get, Func<ProgressEvent, string, ProgressEvent> set)
    {
        var text = get(current);
        for (var attempt = 0; bytes.Length > max && text is { Length: > 0 } && attempt < 16; attempt++)
        {
            var overshoot = bytes.Length - max;
            var bytesPerChar = Math.Max(1.0, System.Text.Encoding.UTF8.GetByteCount(text) / (double)text.Length);
            var keep = Math.Max(0, text.Length - (int)Math.Ceiling(overshoot / bytesPerChar) - 16);
            text = SafeSubstring(text, keep);
            current = set(current, text);
            if (!truncated.Contains(field))
            {
                truncated.Add(field);
            }

            current = new ProgressEvent(current) { Truncated = [.. truncated] };
            bytes = ProgressEventSerializer.SerializeToUtf8Bytes(current);
        }

        return current;
    }

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : SafeSubstring(value, max);

    // Never split a surrogate pair: half a pair is invalid UTF-16 and serializes as a replacement character.
    private static string SafeSubstring(string value, int length)
    {
        if (length > 0 && length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        return value[..length];
    }
}
