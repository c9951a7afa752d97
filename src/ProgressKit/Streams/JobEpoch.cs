using System.Globalization;
using System.Security.Cryptography;

namespace ProgressKit.Streams;

/// <summary>Chooses epochs: 12 hex digits of the Unix time in milliseconds, then 4 random hex digits.</summary>
internal static class JobEpoch
{
    // 12 hex digits hold Unix milliseconds until the year 10889; the mask keeps the width fixed regardless.
    private const long MillisecondsMask = 0xFFFF_FFFF_FFFF;

    public static string New(TimeProvider timeProvider) => New(timeProvider.GetUtcNow());

    /// <summary>A new epoch that compares greater than <paramref name="previous"/> even if the clock did not move on (or went back).</summary>
    public static string After(string? previous, DateTimeOffset now)
    {
        var epoch = New(now);
        if (previous is null || string.CompareOrdinal(epoch, previous) > 0
            || !ulong.TryParse(previous, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) || value == ulong.MaxValue)
        {
            return epoch;
        }

        return (value + 1).ToString("x16", CultureInfo.InvariantCulture);
    }

    public static string New(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds() & MillisecondsMask;
        var random = RandomNumberGenerator.GetInt32(0x1_0000);
        return string.Create(CultureInfo.InvariantCulture, $"{milliseconds:x12}{random:x4}");
    }
}
