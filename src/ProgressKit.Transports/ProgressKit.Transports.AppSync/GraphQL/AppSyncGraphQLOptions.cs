using System.Text.Json.Nodes;
using ProgressKit.Events;

namespace ProgressKit.Transports.AppSync.GraphQL;

/// <summary>Options of the GraphQL mode: which mutation publishes an event.</summary>
public sealed class AppSyncGraphQLOptions
{
    /// <summary>
    /// The mutation sent by default. It matches <c>docs/appsync-schema.graphql</c> and selects every field of the
    /// event, because subscribers receive only the fields the publishing mutation selects.
    /// </summary>
    public const string DefaultMutationDocument =
        "mutation PublishProgress($event: ProgressEventInput!) { publishProgress(event: $event) { " +
        "v job_id epoch seq kept_seq type status progress stage stage_progress message estimated_seconds_remaining timestamp " +
        "user_id tenant_id correlation_id source truncated agent chunk results error metadata } }";

    /// <summary>
    /// Gets or sets the mutation document, for an API with its own schema. Without <see cref="VariablesFactory"/> it
    /// receives one variable, <c>$event</c>, shaped as <c>ProgressEventInput</c> of the shipped schema.
    /// </summary>
    /// <value>The default is <see langword="null"/>: <see cref="DefaultMutationDocument"/>.</value>
    public string? MutationDocument { get; set; }

    /// <summary>
    /// Gets or sets a mapping from an event to the mutation's variables, for a custom <see cref="MutationDocument"/>;
    /// for example <c>e =&gt; new JsonObject { ["id"] = e.JobId, ["payload"] = ProgressEventSerializer.Serialize(e) }</c>.
    /// It receives the event after it was cut to <see cref="AppSyncTransportOptions.MaxEventBytes"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the <c>$event</c> variable of the shipped schema.</value>
    public Func<ProgressEvent, JsonObject>? VariablesFactory { get; set; }
}
