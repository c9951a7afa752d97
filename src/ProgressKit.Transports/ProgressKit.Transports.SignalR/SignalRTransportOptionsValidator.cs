using Microsoft.Extensions.Options;

namespace ProgressKit.Transports.SignalR;

/// <summary>Validates <see cref="SignalRTransportOptions"/>; every failure names the setting under <c>ProgressKit:SignalR:</c>.</summary>
internal sealed class SignalRTransportOptionsValidator : IValidateOptions<SignalRTransportOptions>
{
    private const string Prefix = "ProgressKit:SignalR:";
    private const string HubPrefix = Prefix + "Hub:";

    public ValidateOptionsResult Validate(string? name, SignalRTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxConcurrentSends is < 1 or > SignalRTransportOptions.MaxConcurrentSendsLimit)
        {
            failures.Add($"{Prefix}{nameof(options.MaxConcurrentSends)} must be between 1 and {SignalRTransportOptions.MaxConcurrentSendsLimit} (got {options.MaxConcurrentSends}).");
        }

        var hub = options.Hub;
        if (string.IsNullOrWhiteSpace(hub.UserIdClaimType))
        {
            failures.Add($"{HubPrefix}{nameof(hub.UserIdClaimType)} must name a claim type.");
        }

        if (string.IsNullOrWhiteSpace(hub.TenantIdClaimType))
        {
            failures.Add($"{HubPrefix}{nameof(hub.TenantIdClaimType)} must name a claim type.");
        }

        if (hub.TenantSubscriptionRole is not null && string.IsNullOrWhiteSpace(hub.TenantSubscriptionRole))
        {
            failures.Add($"{HubPrefix}{nameof(hub.TenantSubscriptionRole)} must be null (tenant subscriptions off) or name a role.");
        }

        // The key itself is never echoed: validation messages end up in logs.
        if (hub.PublisherKey is not null && hub.PublisherKey.Length < ProgressHubOptions.MinimumPublisherKeyLength)
        {
            failures.Add($"{HubPrefix}{nameof(hub.PublisherKey)} must be null (remote publishing off) or at least {ProgressHubOptions.MinimumPublisherKeyLength} characters long.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
