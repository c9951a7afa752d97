using Microsoft.Extensions.Options;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.ApiGateway;

/// <summary>Validates the settings both the transport and the route handler use; each failure names its setting.</summary>
internal sealed class ApiGatewayTransportOptionsValidator : IValidateOptions<ApiGatewayTransportOptions>
{
    private const string Section = ApiGatewayNames.ConfigurationSection;

    public ValidateOptionsResult Validate(string? name, ApiGatewayTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Region is { } region && (string.IsNullOrWhiteSpace(region) || !IsRegionName(region)))
        {
            failures.Add($"{Section}:Region must be an AWS region name such as 'eu-west-1' (got '{region}').");
        }

        if (options.MaxEventBytes is < ProgressEventSizeLimiter.MinimumLimit or > ApiGatewayTransportOptions.ApiGatewayMaxMessageBytes)
        {
            failures.Add($"{Section}:MaxEventBytes must be between {ProgressEventSizeLimiter.MinimumLimit} and {ApiGatewayTransportOptions.ApiGatewayMaxMessageBytes} (API Gateway's 128 KB limit); got {options.MaxEventBytes}.");
        }

        if (options.MaxConcurrentPosts is < 1 or > 1024)
        {
            failures.Add($"{Section}:MaxConcurrentPosts must be between 1 and 1024; got {options.MaxConcurrentPosts}.");
        }

        if (options.PostTimeout < TimeSpan.FromMilliseconds(100) || options.PostTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{Section}:PostTimeout must be between 100 ms and 2 minutes; got {options.PostTimeout}.");
        }

        if (options.SubscriberCacheDuration < TimeSpan.Zero || options.SubscriberCacheDuration > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:SubscriberCacheDuration must be between 0 and 1 minute; got {options.SubscriberCacheDuration}.");
        }

        if (options.MaxClientMessageBytes is < 64 or > ApiGatewayTransportOptions.ApiGatewayMaxMessageBytes)
        {
            failures.Add($"{Section}:MaxClientMessageBytes must be between 64 and {ApiGatewayTransportOptions.ApiGatewayMaxMessageBytes}; got {options.MaxClientMessageBytes}.");
        }

        if (string.IsNullOrWhiteSpace(options.Identity.UserIdKey))
        {
            failures.Add($"{Section}:Identity:UserIdKey must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Identity.TenantIdKey))
        {
            failures.Add($"{Section}:Identity:TenantIdKey must not be empty.");
        }

        if (options.TimeProvider is null)
        {
            failures.Add($"{Section}:TimeProvider must not be null.");
        }

        ValidateRegistry(options, failures);
        ValidateStreamStore(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateRegistry(ApiGatewayTransportOptions options, List<string> failures)
    {
        var registry = options.Registry;
        foreach (var (setting, table) in new[]
        {
            ("ConnectionsTableName", registry.ConnectionsTableName),
            ("SubscriptionsTableName", registry.SubscriptionsTableName),
            ("JobsTableName", registry.JobsTableName),
        })
        {
            if (!IsTableName(table))
            {
                failures.Add($"{Section}:Registry:{setting} must be 3 to 255 characters of letters, digits and '_-.' (got '{table}').");
            }
        }

        if (registry.ConnectionTimeToLive < TimeSpan.FromMinutes(1) || registry.ConnectionTimeToLive > TimeSpan.FromDays(7))
        {
            failures.Add($"{Section}:Registry:ConnectionTimeToLive must be between 1 minute and 7 days; got {registry.ConnectionTimeToLive}.");
        }

        if (registry.JobTimeToLive < TimeSpan.FromMinutes(1) || registry.JobTimeToLive > TimeSpan.FromDays(365))
        {
            failures.Add($"{Section}:Registry:JobTimeToLive must be between 1 minute and 365 days; got {registry.JobTimeToLive}.");
        }

        if (registry.ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{Section}:Registry:ServiceUrl must be an absolute http(s) URL.");
        }
    }

    private static void ValidateStreamStore(ApiGatewayTransportOptions options, List<string> failures)
    {
        var store = options.StreamStore;
        if (store.WriteQueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{Section}:StreamStore:WriteQueueCapacity must be between 1 and 1,000,000; got {store.WriteQueueCapacity}.");
        }

        if (store.MaxWriteAttempts is < 1 or > 20)
        {
            failures.Add($"{Section}:StreamStore:MaxWriteAttempts must be between 1 and 20; got {store.MaxWriteAttempts}.");
        }

        if (store.RetryDelay < TimeSpan.FromMilliseconds(1) || store.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:StreamStore:RetryDelay must be between 1 ms and 1 minute; got {store.RetryDelay}.");
        }

        if (store.OperationTimeout < TimeSpan.FromMilliseconds(100) || store.OperationTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{Section}:StreamStore:OperationTimeout must be between 100 ms and 2 minutes; got {store.OperationTimeout}.");
        }
    }

    private static bool IsTableName(string? table) =>
        table is { Length: >= 3 and <= 255 } && table.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static bool IsRegionName(string region) =>
        region.Contains('-', StringComparison.Ordinal) && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
