namespace ProgressKit.Transports.AppSync;

/// <summary>Which kind of AppSync API the transport publishes to.</summary>
public enum AppSyncApi
{
    /// <summary>
    /// A GraphQL API: each event is sent as a mutation (<c>publishProgress</c> by default) so that subscriptions with
    /// <c>@aws_subscribe</c> deliver it. The API needs the schema in <c>docs/appsync-schema.graphql</c>.
    /// </summary>
    GraphQL,

    /// <summary>An AppSync Events API: events are published with <c>POST /event</c> to a channel per job.</summary>
    Events,
}
