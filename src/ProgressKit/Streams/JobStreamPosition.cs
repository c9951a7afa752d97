using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ProgressKit.Streams;

/// <summary>
/// A position in a job's stream of events: the event's <c>epoch</c>, <c>seq</c> and <c>kept_seq</c> (see
/// <c>docs/wire-format.md</c>, "Resume by position"). It is the cursor a process hands to the next one that continues
/// the job, written as text as <c>{epoch}.{seq}.{kept_seq}</c>.
/// </summary>
/// <param name="Epoch">The numbering: 16 lowercase hex digits (see <see cref="JobStreamCursor.IsValidEpoch"/>).</param>
/// <param name="Sequence">The event's <c>seq</c>, from 1 within the epoch (0: before the first event).</param>
/// <param name="KeptSequence">The event's <c>kept_seq</c>: how many events of the epoch that are not <c>progress_update</c> were published up to it.</param>
public readonly record struct JobStreamPosition(string Epoch, long Sequence, long KeptSequence)
{
    /// <summary>Writes the position as <c>{epoch}.{seq}.{kept_seq}</c>, the form <see cref="TryParse"/> reads.</summary>
    /// <returns>The position as text, for example <c>019ae3f2c4e17f3a.57.40</c>.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Epoch}.{Sequence}.{KeptSequence}");

    /// <summary>Reads a position written by <see cref="ToString"/>.</summary>
    /// <param name="text">The text, <c>{epoch}.{seq}.{kept_seq}</c>.</param>
    /// <param name="position">The position when the text is well formed.</param>
    /// <returns><see langword="true"/> when the epoch is 16 lowercase hex digits and both counters are integers from 0 to 2^53 with <c>kept_seq</c> &lt;= <c>seq</c>.</returns>
    /// <remarks>Never throws.</remarks>
    public static bool TryParse([NotNullWhen(true)] string? text, out JobStreamPosition position)
    {
        position = default;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 3
            || !JobStreamCursor.IsValidEpoch(parts[0])
            || !TryParseCounter(parts[1], out var sequence)
            || !TryParseCounter(parts[2], out var kept)
            || kept > sequence)
        {
            return false;
        }

        position = new JobStreamPosition(parts[0], sequence, kept);
        return true;
    }

    private static bool TryParseCounter(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= JobStreamCursor.MaxSequence;
}
