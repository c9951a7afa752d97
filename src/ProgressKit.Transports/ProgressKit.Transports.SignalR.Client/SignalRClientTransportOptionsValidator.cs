using Microsoft.Extensions.Options;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.SignalR.Client;

/// <summary>Validates <see cref="SignalRClientTransportOptions"/>; every failure names the setting under <c>ProgressKit:SignalRClient:</c>.</summary>
internal sealed class SignalRClientTransportOptionsValidator : IValidateOptions<SignalRClientTransportOptions>
{
    private const string Prefix = "ProgressKit:SignalRClient:";

    public ValidateOptionsResult Validate(string? name, SignalRClientTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        // The URL is not echoed: it may carry a token in its query string.
        if (options.HubUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Prefix}{nameof(options.HubUrl)} must be an absolute http(s) URL of the progress hub, for example https://app.example.com/hubs/progress.");
        }

        if (string.IsNullOrEmpty(options.PublisherKey) || options.PublisherKey.Length < SignalRClientTransportOptions.MinimumPublisherKeyLength)
        {
            failures.Add($"{Prefix}{nameof(options.PublisherKey)} must be set to the hub's ProgressKit:SignalR:Hub:PublisherKey (at least {SignalRClientTransportOptions.MinimumPublisherKeyLength} characters).");
        }

        if (options.ReconnectBaseDelay < TimeSpan.FromMilliseconds(10) || options.ReconnectBaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Prefix}{nameof(options.ReconnectBaseDelay)} must be between 10 ms and 1 minute (got {options.ReconnectBaseDelay}).");
        }

        if (options.ReconnectMaxDelay < options.ReconnectBaseDelay || options.ReconnectMaxDelay > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Prefix}{nameof(options.ReconnectMaxDelay)} must be between {nameof(options.ReconnectBaseDelay)} and 10 minutes (got {options.ReconnectMaxDelay}).");
        }

        if (options.MaxEventBytes < ProgressEventSizeLimiter.MinimumLimit || options.MaxEventBytes > SignalRClientTransportOptions.MaxEventBytesLimit)
        {
            failures.Add($"{Prefix}{nameof(options.MaxEventBytes)} must be between {ProgressEventSizeLimiter.MinimumLimit} and {SignalRClientTransportOptions.MaxEventBytesLimit} (got {options.MaxEventBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
