using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.State;
using ProgressKit.Streams;
using ProgressKit.Transports.SignalR.Access;
using ProgressKit.Transports.SignalR.Sending;

namespace ProgressKit.Transports.SignalR;

/// <summary>
/// What <see cref="ProgressHub"/> needs, resolved once: the hub is created per call, and keeping its constructor
/// internal (behind this singleton) keeps the internal sender and key verifier out of the public API.
/// </summary>
internal sealed class ProgressHubServices(
    IJobStateStore stateStore,
    IJobStreamStore streams,
    ResumeGate resumes,
    IProgressCancellationRouter cancellationRouter,
    IProgressAccessPolicy accessPolicy,
    ProgressGroupSender sender,
    PublisherKeyVerifier publisherKeys,
    RemoteJobDirectory remoteJobs,
    IOptions<SignalRTransportOptions> options,
    ILogger<ProgressHub> logger)
{
    public IJobStateStore StateStore { get; } = stateStore;

    public IJobStreamStore Streams { get; } = streams;

    public ResumeGate Resumes { get; } = resumes;

    public IProgressCancellationRouter CancellationRouter { get; } = cancellationRouter;

    public IProgressAccessPolicy AccessPolicy { get; } = accessPolicy;

    public ProgressGroupSender Sender { get; } = sender;

    public PublisherKeyVerifier PublisherKeys { get; } = publisherKeys;

    public RemoteJobDirectory RemoteJobs { get; } = remoteJobs;

    public ProgressHubOptions Options { get; } = options.Value.Hub;

    public ILogger Logger { get; } = logger;
}
