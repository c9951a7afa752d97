using System.Text.Json;

namespace ProgressKit.LocalServers;

/// <summary>
/// An independent SigV4 implementation for tests: npm aws4 1.13.2 run through emulators/aws4-sign.js, so a test can
/// check that AWSSDK.Core signs a request byte for byte as another implementation does.
/// </summary>
public static class Aws4ReferenceSigner
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Computes the <c>Authorization</c> header value that npm aws4 gives <paramref name="request"/>.</summary>
    /// <param name="request">The request, with every header to sign.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The header value, <c>AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c>.</returns>
    /// <exception cref="InvalidOperationException">The script failed; the message quotes its error output.</exception>
    public static async Task<string> ComputeAuthorizationAsync(Aws4ReferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var emulators = await NodeEmulator.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var input = JsonSerializer.Serialize(request, s_json);
        var result = await CommandRunner.RunAsync(
            ExecutableLocator.Node(), [Path.Combine(emulators, "aws4-sign.js")], emulators, input, s_timeout, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.StandardOutput.Trim()
            : throw new InvalidOperationException($"aws4-sign.js failed with exit code {result.ExitCode}: {result.StandardError}");
    }
}
