using System.Collections.Concurrent;
using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Tests.Fakes;

/// <summary>Records every event the dispatcher hands it: what the publisher published, to compare clients against.</summary>
public sealed class RecordingTransport : IProgressTransport
{
    private readonly ConcurrentQueue<ProgressEvent> _sent = new();

    public string Name => "recording";

    public IEnumerable<ProgressEvent> SentFor(string jobId) => _sent.Where(e => e.JobId == jobId).OrderBy(e => e.Sequence);

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        _sent.Enqueue(progressEvent);
        return ValueTask.CompletedTask;
    }
}
