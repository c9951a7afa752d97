using Microsoft.Extensions.Options;
using ProgressKit.Serialization;
using ProgressKit.Transports.AppSync.Authorization;
using ProgressKit.Transports.AppSync.Events;
using ProgressKit.Transports.Aws;

namespace ProgressKit.Transports.AppSync;

/// <summary>Validates <see cref="AppSyncTransportOptions"/>; every failure names the setting under <c>ProgressKit:AppSync:</c>.</summary>
internal sealed class AppSyncTransportOptionsValidator : IValidateOptions<AppSyncTransportOptions>
{
    private const string Prefix = AppSyncTransportOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, AppSyncTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateEndpoints(options, failures);
        ValidateAuthorization(options, failures);
        if (options.MaxEventBytes is < ProgressEventSizeLimiter.MinimumLimit or > AppSyncTransportOptions.MaxAllowedEventBytes)
        {
            failures.Add($"{Prefix}{nameof(options.MaxEventBytes)} must be between {ProgressEventSizeLimiter.MinimumLimit} and {AppSyncTransportOptions.MaxAllowedEventBytes} (got {options.MaxEventBytes}).");
        }

        if (options.Api == AppSyncApi.GraphQL)
        {
            ValidateGraphQL(options, failures);
        }
        else
        {
            ValidateEvents(options.Events, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateEndpoints(AppSyncTransportOptions options, List<string> failures)
    {
        var example = options.Api == AppSyncApi.Events
            ? "https://{id}.appsync-api.{region}.amazonaws.com/event"
            : "https://{id}.appsync-api.{region}.amazonaws.com/graphql";
        if (options.HttpEndpoint is null)
        {
            failures.Add($"{Prefix}{nameof(options.HttpEndpoint)} is required: the API's HTTP endpoint, for example {example} (AppSync console, API settings).");
        }
        else if (!options.HttpEndpoint.IsAbsoluteUri || options.HttpEndpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"{Prefix}{nameof(options.HttpEndpoint)} must be an absolute http(s) URL, for example {example} (got '{options.HttpEndpoint}').");
        }

        if (options.RealtimeEndpoint is { } realtime && (!realtime.IsAbsoluteUri || realtime.Scheme is not ("ws" or "wss")))
        {
            failures.Add($"{Prefix}{nameof(options.RealtimeEndpoint)} must be an absolute ws(s) URL (got '{realtime}').");
        }
    }

    private static void ValidateAuthorization(AppSyncTransportOptions options, List<string> failures)
    {
        switch (options.AuthorizationMode)
        {
            case AppSyncAuthorizationMode.ApiKey when string.IsNullOrWhiteSpace(options.ApiKey):
                failures.Add($"{Prefix}{nameof(options.ApiKey)} is required when {nameof(options.AuthorizationMode)} is {nameof(AppSyncAuthorizationMode.ApiKey)} (AppSync console, API settings, API keys).");
                break;
            case AppSyncAuthorizationMode.Iam when !AwsRegion.TryResolve(options.Region, options.HttpEndpoint, out _):
                failures.Add($"{Prefix}{nameof(options.Region)} is required for {nameof(AppSyncAuthorizationMode.Iam)} authorization when {nameof(options.HttpEndpoint)} is not an *.amazonaws.com host and AWS_REGION is not set.");
                break;
            case AppSyncAuthorizationMode.BearerToken when options.BearerTokenProvider is null:
                failures.Add($"{Prefix}{nameof(options.BearerTokenProvider)} is required when {nameof(options.AuthorizationMode)} is {nameof(AppSyncAuthorizationMode.BearerToken)}.");
                break;
            case AppSyncAuthorizationMode.ApiKey or AppSyncAuthorizationMode.Iam or AppSyncAuthorizationMode.BearerToken:
                break;
            default:
                failures.Add($"{Prefix}{nameof(options.AuthorizationMode)} must be ApiKey, Iam or BearerToken (got {options.AuthorizationMode}).");
                break;
        }
    }

    private static void ValidateGraphQL(AppSyncTransportOptions options, List<string> failures)
    {
        var graphQL = options.GraphQL;
        const string Section = Prefix + nameof(AppSyncTransportOptions.GraphQL) + ":";
        if (graphQL.MutationDocument is { } document && !document.TrimStart().StartsWith("mutation", StringComparison.Ordinal))
        {
            failures.Add($"{Section}{nameof(graphQL.MutationDocument)} must be a GraphQL mutation document starting with 'mutation'.");
        }

        if (graphQL.VariablesFactory is not null && graphQL.MutationDocument is null)
        {
            failures.Add($"{Section}{nameof(graphQL.VariablesFactory)} needs {Section}{nameof(graphQL.MutationDocument)}: the default mutation takes the shipped schema's $event variable.");
        }
    }

    private static void ValidateEvents(AppSyncEventsOptions events, List<string> failures)
    {
        const string Section = Prefix + nameof(AppSyncTransportOptions.Events) + ":";
        if (!IsValidTemplate(events.ChannelTemplate))
        {
            failures.Add($"{Section}{nameof(events.ChannelTemplate)} must be a channel path of 2 to 5 segments starting with '/', each 1 to 50 letters, digits and dashes or one of {{job_id}}, {{user_id}}, {{tenant_id}}, and contain {{job_id}} or {{user_id}} or {{tenant_id}} (got '{events.ChannelTemplate}').");
        }

        if (events.MaxEventsPerRequest is < 1 or > AppSyncEventsOptions.MaxEventsPerRequestLimit)
        {
            failures.Add($"{Section}{nameof(events.MaxEventsPerRequest)} must be between 1 and {AppSyncEventsOptions.MaxEventsPerRequestLimit} (got {events.MaxEventsPerRequest}).");
        }

        if (events.MaxRequestEventBytes is < ProgressEventSizeLimiter.MinimumLimit or > 1_048_576)
        {
            failures.Add($"{Section}{nameof(events.MaxRequestEventBytes)} must be between {ProgressEventSizeLimiter.MinimumLimit} and 1048576 (got {events.MaxRequestEventBytes}).");
        }

        if (events.BatchWindow < TimeSpan.Zero || events.BatchWindow > TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Section}{nameof(events.BatchWindow)} must be between 00:00:00 and 00:00:01 (got {events.BatchWindow}).");
        }
    }

    private static bool IsValidTemplate(string? template)
    {
        if (template is null || !template.StartsWith('/'))
        {
            return false;
        }

        var segments = template[1..].Split('/');
        var hasPlaceholder = false;
        foreach (var segment in segments)
        {
            if (segment is "{job_id}" or "{user_id}" or "{tenant_id}")
            {
                hasPlaceholder = true;
            }
            else if (!AppSyncEventsChannel.IsValidSegment(segment))
            {
                return false;
            }
        }

        // The first segment is the namespace: it must be literal.
        return segments.Length is >= 2 and <= 5 && hasPlaceholder && AppSyncEventsChannel.IsValidSegment(segments[0]);
    }
}
