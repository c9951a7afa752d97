using System.Net;

namespace ProgressKit.Transports.AppSync;

/// <summary>Turns AppSync's HTTP answers into <see cref="TransportException"/>s of the right kind.</summary>
internal static class AppSyncFailures
{
    /// <summary>Classifies a non-success HTTP status.</summary>
    /// <param name="status">The status code.</param>
    /// <returns>401, 403 and 404 (wrong key, signature, permissions or URL) are configuration faults; 408, 429 and 5xx are transient; other 4xx are permanent.</returns>
    public static TransportFailureKind ClassifyStatus(int status) => status switch
    {
        (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.NotFound => TransportFailureKind.Configuration,
        (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 => TransportFailureKind.Transient,
        _ => TransportFailureKind.Permanent,
    };

    /// <summary>Classifies one error of a GraphQL <c>errors</c> array or an Events API <c>failed</c> entry.</summary>
    /// <param name="errorType">AppSync's <c>errorType</c>, if any.</param>
    /// <param name="message">The error's message, if any.</param>
    /// <returns>The failure kind; see <c>docs/appsync.md</c> for the rule.</returns>
    public static TransportFailureKind ClassifyError(string? errorType, string? message)
    {
        var type = errorType ?? string.Empty;
        var text = message ?? string.Empty;
        if (ContainsAny(type, "Unauthorized", "AccessDenied", "Forbidden", "InvalidSignature", "ExpiredToken")
            || text.StartsWith("Not Authorized", StringComparison.OrdinalIgnoreCase)
            || text.Contains("UnauthorizedException", StringComparison.Ordinal))
        {
            return TransportFailureKind.Configuration;
        }

        // The API's schema lacks what the mutation asks for: every event would fail the same way until it is fixed.
        if (ContainsAny(text, "FieldUndefined", "Cannot query field", "UnknownType", "Unknown type", "UnknownArgument", "Unknown argument"))
        {
            return TransportFailureKind.Configuration;
        }

        if (ContainsAny(type, "Throttl", "TooManyRequests", "LimitExceeded", "ServiceUnavailable", "InternalFailure", "InternalError", "Timeout")
            || ContainsAny(text, "Rate exceeded", "timed out", "Throttl"))
        {
            return TransportFailureKind.Transient;
        }

        return TransportFailureKind.Permanent;
    }

    /// <summary>Picks the kind that decides for several errors: configuration, then transient, then permanent.</summary>
    /// <param name="current">The kind so far, if any.</param>
    /// <param name="next">Another error's kind.</param>
    /// <returns>The more severe kind.</returns>
    public static TransportFailureKind Worst(TransportFailureKind? current, TransportFailureKind next) => (current, next) switch
    {
        (TransportFailureKind.Configuration, _) or (_, TransportFailureKind.Configuration) => TransportFailureKind.Configuration,
        (TransportFailureKind.Transient, _) or (_, TransportFailureKind.Transient) => TransportFailureKind.Transient,
        _ => TransportFailureKind.Permanent,
    };

    /// <summary>Wraps a network failure: always transient.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The transport exception.</returns>
    public static TransportException Network(HttpRequestException exception) =>
        new($"AppSync could not be reached: {exception.Message}", TransportFailureKind.Transient, exception, (int?)exception.StatusCode);

    private static bool ContainsAny(string value, params ReadOnlySpan<string> needles)
    {
        foreach (var needle in needles)
        {
            if (value.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
