namespace ProgressKit.LocalServers;

/// <summary>One HTTP request for <see cref="Aws4ReferenceSigner"/> to sign, exactly as another signer signed it.</summary>
public sealed class Aws4ReferenceRequest
{
    /// <summary>Gets the HTTP method, such as "POST".</summary>
    public required string Method { get; init; }

    /// <summary>Gets the host (with ":port" when not the scheme's default).</summary>
    public required string Host { get; init; }

    /// <summary>Gets the path and query exactly as sent, already URL-encoded (for example <c>/prod/@connections/R0oXAdfD0kwCH6w%3D</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Gets the AWS region, such as "us-east-1".</summary>
    public required string Region { get; init; }

    /// <summary>Gets the SigV4 service name, such as "execute-api" or "appsync".</summary>
    public required string Service { get; init; }

    /// <summary>Gets every header to sign, including <c>x-amz-date</c>; nothing is added to them.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Gets the body as UTF-8 text (empty for none).</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>Gets the access key id.</summary>
    public required string AccessKeyId { get; init; }

    /// <summary>Gets the secret access key.</summary>
    public required string SecretAccessKey { get; init; }

    /// <summary>Gets the session token, or <see langword="null"/> for long-term credentials.</summary>
    public string? SessionToken { get; init; }
}
