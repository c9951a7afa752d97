using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace ProgressKit.Events;

/// <summary>
/// The rule for job ids in wire format v1: 1 to 128 characters of ASCII letters, digits and <c>-_.:</c>.
/// </summary>
/// <remarks>
/// The rule keeps ids safe to embed in URLs, channel names, group names and DynamoDB keys without escaping.
/// </remarks>
public static class JobId
{
    /// <summary>The longest job id allowed.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    /// <summary>Returns whether <paramref name="jobId"/> is a valid job id.</summary>
    /// <param name="jobId">The candidate id.</param>
    /// <returns><see langword="true"/> when the id follows the rule.</returns>
    public static bool IsValid([NotNullWhen(true)] string? jobId) =>
        jobId is { Length: > 0 and <= MaxLength } && !jobId.AsSpan().ContainsAnyExcept(s_allowed);

    /// <summary>Throws an <see cref="ArgumentException"/> that explains the rule when <paramref name="jobId"/> breaks it.</summary>
    /// <param name="jobId">The candidate id.</param>
    /// <param name="parameterName">The name of the caller's parameter, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="jobId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty, too long, or has a character outside the rule.</exception>
    public static void ThrowIfInvalid([NotNull] string? jobId, string parameterName = "jobId")
    {
        ArgumentNullException.ThrowIfNull(jobId, parameterName);
        if (!IsValid(jobId))
        {
            throw new ArgumentException(Describe(jobId), parameterName);
        }
    }

    /// <summary>Describes why <paramref name="jobId"/> is invalid, for error replies to clients.</summary>
    /// <param name="jobId">The invalid id.</param>
    /// <returns>A message naming the rule.</returns>
    public static string Describe(string? jobId) => jobId switch
    {
        null or { Length: 0 } => "A job id must not be empty: use 1 to 128 characters of letters, digits and '-_.:'.",
        { Length: > MaxLength } => $"A job id must be at most {MaxLength} characters long (got {jobId.Length}).",
        _ => "A job id may contain only ASCII letters, digits and '-', '_', '.', ':' (1 to 128 characters).",
    };
}
