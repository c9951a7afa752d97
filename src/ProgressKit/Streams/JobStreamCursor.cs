namespace ProgressKit.Streams;

/// <summary>
/// What a resuming client says it has: the last event it applied, as (<c>epoch</c>, <c>seq</c>). Transports build it
/// from a client's request with <see cref="TryCreate"/> and refuse anything else with <c>invalid_cursor</c>.
/// </summary>
public readonly record struct JobStreamCursor
{
    /// <summary>The largest sequence a cursor may carry: 2^53, the largest integer a JavaScript client holds exactly.</summary>
    public const long MaxSequence = 1L << 53;

    /// <summary>The length of an epoch: 16 hex digits (12 of Unix milliseconds, 4 random).</summary>
    public const int EpochLength = 16;

    private JobStreamCursor(string? epoch, long afterSequence)
    {
        Epoch = epoch;
        AfterSequence = afterSequence;
    }

    /// <summary>Gets the epoch of the client's last event, or <see langword="null"/> for the job's current epoch.</summary>
    public string? Epoch { get; }

    /// <summary>Gets the <c>seq</c> of the client's last event; 0 when it has none of the epoch.</summary>
    public long AfterSequence { get; }

    /// <summary>Creates a cursor from a client's request.</summary>
    /// <param name="afterSequence">The client's last <c>seq</c>: 0 to <see cref="MaxSequence"/>.</param>
    /// <param name="epoch">The client's epoch (16 lowercase hex digits), or <see langword="null"/> for the job's current one.</param>
    /// <param name="cursor">The cursor when both are valid.</param>
    /// <returns><see langword="true"/> when the cursor is valid; otherwise the request is refused with <c>invalid_cursor</c>.</returns>
    /// <remarks>Never throws.</remarks>
    public static bool TryCreate(long afterSequence, string? epoch, out JobStreamCursor cursor)
    {
        cursor = default;
        if (afterSequence is < 0 or > MaxSequence || (epoch is not null && !IsValidEpoch(epoch)))
        {
            return false;
        }

        cursor = new JobStreamCursor(epoch, afterSequence);
        return true;
    }

    /// <summary>Whether <paramref name="epoch"/> is exactly 16 lowercase hex digits.</summary>
    /// <param name="epoch">The text to check.</param>
    /// <returns><see langword="true"/> for a well-formed epoch.</returns>
    /// <remarks>Never throws.</remarks>
    public static bool IsValidEpoch(string? epoch)
    {
        if (epoch is not { Length: EpochLength })
        {
            return false;
        }

        foreach (var c in epoch)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
