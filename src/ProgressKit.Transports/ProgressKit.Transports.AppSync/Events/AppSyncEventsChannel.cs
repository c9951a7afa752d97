using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ProgressKit.Transports.AppSync.Events;

/// <summary>
/// Turns ids into AppSync Events channel segments and fills channel templates, by a fixed rule that browsers can
/// repeat to find the channel to subscribe to.
/// </summary>
/// <remarks>
/// <para>The rule for one segment: a value of 1 to 50 ASCII letters, digits and dashes is used as it is. Any other
/// value (job ids may also contain <c>_ . :</c> and be 128 characters long) becomes <c>h-</c> followed by the first
/// 24 bytes of the SHA-256 of its UTF-8 bytes, in lowercase hex (50 characters). In JavaScript:</para>
/// <code>
/// async function segment(v) {
///   if (/^[A-Za-z0-9-]{1,50}$/.test(v)) return v;
///   const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(v)));
///   return 'h-' + [...d.slice(0, 24)].map(b =&gt; b.toString(16).padStart(2, '0')).join('');
/// }
/// </code>
/// <para>All members are thread-safe.</para>
/// </remarks>
public static class AppSyncEventsChannel
{
    /// <summary>The longest channel segment used as it is.</summary>
    public const int MaxSegmentLength = 50;

    /// <summary>The segment used for a missing user or tenant id.</summary>
    public const string MissingValueSegment = "none";

    private static readonly SearchValues<char> s_segmentChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    /// <summary>Returns whether <paramref name="value"/> can be a channel segment as it is.</summary>
    /// <param name="value">The candidate.</param>
    /// <returns><see langword="true"/> for 1 to 50 ASCII letters, digits and dashes.</returns>
    public static bool IsValidSegment(string? value) =>
        value is { Length: > 0 and <= MaxSegmentLength } && !value.AsSpan().ContainsAnyExcept(s_segmentChars);

    /// <summary>Maps a value (for example a job id) to a channel segment by the rule in the remarks.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value itself when it is a valid segment, else its <c>h-</c> hash form.</returns>
    public static string ToSegment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsValidSegment(value))
        {
            return value;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return "h-" + Convert.ToHexStringLower(hash[..24]);
    }

    /// <summary>Fills a channel template such as <c>/progress/jobs/{job_id}</c>.</summary>
    /// <param name="template">The template (see <see cref="AppSyncEventsOptions.ChannelTemplate"/>).</param>
    /// <param name="jobId">The job id.</param>
    /// <param name="userId">The user id, if any.</param>
    /// <param name="tenantId">The tenant id, if any.</param>
    /// <returns>The channel path.</returns>
    public static string Format(string template, string jobId, string? userId = null, string? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(jobId);
        var channel = template.Replace("{job_id}", ToSegment(jobId), StringComparison.Ordinal);
        if (channel.Contains("{user_id}", StringComparison.Ordinal))
        {
            channel = channel.Replace("{user_id}", Segment(userId), StringComparison.Ordinal);
        }

        if (channel.Contains("{tenant_id}", StringComparison.Ordinal))
        {
            channel = channel.Replace("{tenant_id}", Segment(tenantId), StringComparison.Ordinal);
        }

        return channel;
    }

    private static string Segment(string? value) => string.IsNullOrEmpty(value) ? MissingValueSegment : ToSegment(value);
}
