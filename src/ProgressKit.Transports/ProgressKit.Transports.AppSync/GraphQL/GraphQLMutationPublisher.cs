using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.Transports.AppSync.Diagnostics;

namespace ProgressKit.Transports.AppSync.GraphQL;

/// <summary>Publishes each event as one GraphQL mutation, which AppSync hands to the <c>@aws_subscribe</c> subscriptions.</summary>
internal sealed class GraphQLMutationPublisher(AppSyncHttpSender sender, AppSyncTransportOptions options, ILogger logger) : IAppSyncPublisher
{
    private readonly GraphQLRequestWriter _writer = new(options);
    private readonly int _maxEventBytes = options.MaxEventBytes;

    public async ValueTask PublishAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        var body = _writer.Write(progressEvent, out var fitted);
        if (!ReferenceEquals(fitted, progressEvent))
        {
            Log.EventTruncated(logger, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId, _maxEventBytes,
                string.Join(", ", fitted.Truncated ?? []));
        }

        var (status, answer) = await sender.PostAsync(body, cancellationToken).ConfigureAwait(false);
        if (AppSyncErrorReader.GetFailure(status, answer) is { } failure)
        {
            Log.GraphQLErrors(logger, status, progressEvent.JobId, progressEvent.Sequence, failure.Kind.ToString(), failure.Description);
            throw new TransportException($"AppSync GraphQL answered {status} with: {failure.Description}", failure.Kind, null, status);
        }
    }
}
