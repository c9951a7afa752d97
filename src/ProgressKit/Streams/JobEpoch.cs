using System.Globalization;
using System.Security.Cryptography;

namespace ProgressKit.Streams;

/// <summary>Chooses epochs: 12 hex digits of the Unix time in milliseconds, then 4 random hex digits.</summary>
internal static class JobEpoch
{
    // 12 hex digits hold Unix milliseconds until the year 10889; the mask keeps the width fixed regardless.
    private const long MillisecondsMask = 0xFFFF_FFFF_FFFF;

    public static string New(TimeProvider timeProvider)
    {
        var milliseconds = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() & MillisecondsMask;
        var random = RandomNumberGenerator.GetInt32(0x1_0000);
        return string.Create(CultureInfo.InvariantCulture, $"{milliseconds:x12}{random:x4}");
    }
}
