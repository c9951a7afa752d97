using System.Collections.Concurrent;
using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Tests.Fakes;

/// <summary>An in-memory transport that records what it is asked to send, in order.</summary>
public sealed class RecordingTransport(string name = "recording") : IProgressTransport
{
    private readonly ConcurrentQueue<ProgressEvent> _sent = new();

    public string Name { get; } = name;

    public IReadOnlyList<ProgressEvent> Sent => _sent.ToArray();

    public IEnumerable<ProgressEvent> SentFor(string jobId) => _sent.Where(e => e.JobId == jobId);

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        _sent.Enqueue(progressEvent);
        return ValueTask.CompletedTask;
    }
}
