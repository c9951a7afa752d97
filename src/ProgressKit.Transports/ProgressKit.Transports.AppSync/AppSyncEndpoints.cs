namespace ProgressKit.Transports.AppSync;

/// <summary>Works out AppSync endpoints from the configured ones.</summary>
public static class AppSyncEndpoints
{
    /// <summary>
    /// Returns <see cref="AppSyncTransportOptions.RealtimeEndpoint"/>, or derives it from
    /// <see cref="AppSyncTransportOptions.HttpEndpoint"/>: on AWS hosts <c>appsync-api</c> becomes
    /// <c>appsync-realtime-api</c> (path <c>/graphql</c>, or <c>/event/realtime</c> for the Events API); on other hosts
    /// (custom domains, simulators) the path becomes <c>/graphql/realtime</c> or <c>/event/realtime</c>. The scheme
    /// becomes <c>wss</c> (<c>ws</c> for an <c>http</c> endpoint).
    /// </summary>
    /// <param name="options">The transport options.</param>
    /// <returns>The real-time endpoint, or <see langword="null"/> when no HTTP endpoint is configured.</returns>
    public static Uri? GetRealtimeEndpoint(AppSyncTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RealtimeEndpoint is not null)
        {
            return options.RealtimeEndpoint;
        }

        if (options.HttpEndpoint is not { IsAbsoluteUri: true } http)
        {
            return null;
        }

        var builder = new UriBuilder(http)
        {
            Scheme = http.Scheme == Uri.UriSchemeHttp ? "ws" : "wss",
            Query = string.Empty,
            Fragment = string.Empty,
        };
        var awsHost = http.Host.Contains(".appsync-api.", StringComparison.OrdinalIgnoreCase);
        if (awsHost)
        {
            builder.Host = http.Host.Replace(".appsync-api.", ".appsync-realtime-api.", StringComparison.OrdinalIgnoreCase);
        }

        builder.Path = options.Api == AppSyncApi.Events ? "/event/realtime" : awsHost ? "/graphql" : "/graphql/realtime";
        return builder.Uri;
    }

    /// <summary>Returns the URL events are published to: <see cref="AppSyncTransportOptions.HttpEndpoint"/>, with <c>/graphql</c> or <c>/event</c> when it has no path.</summary>
    /// <param name="options">The transport options.</param>
    /// <returns>The publish URL, or <see langword="null"/> when no HTTP endpoint is configured.</returns>
    public static Uri? GetPublishEndpoint(AppSyncTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HttpEndpoint is not { IsAbsoluteUri: true } http)
        {
            return null;
        }

        if (http.AbsolutePath is not ("/" or ""))
        {
            return http;
        }

        return new UriBuilder(http) { Path = options.Api == AppSyncApi.Events ? "/event" : "/graphql" }.Uri;
    }
}
