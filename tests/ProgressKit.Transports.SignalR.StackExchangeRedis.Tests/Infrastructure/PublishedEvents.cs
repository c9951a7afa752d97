using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>The job's events as the test published them: position, type and chunk text; written by the publishing loop.</summary>
public sealed class PublishedEvents
{
    private readonly Lock _gate = new();
    private readonly List<(long Sequence, long KeptSequence, ProgressEventType Type, string? Text)> _events = [];
    private string _epoch = string.Empty;

    public IReadOnlyList<(long Sequence, long KeptSequence, ProgressEventType Type, string? Text)> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void Add(IProgressJob job, ProgressEventType type, string? text)
    {
        var position = job.Position!.Value;
        lock (_gate)
        {
            _epoch = position.Epoch;
            _events.Add((position.Sequence, position.KeptSequence, type, text));
        }
    }

    /// <summary>A cursor <paramref name="behind"/> events before the newest one published (negative: ahead of it).</summary>
    public JobStreamPosition CursorBehind(int behind)
    {
        lock (_gate)
        {
            var sequence = Math.Max(0, _events[^1].Sequence - behind);
            var kept = _events.LastOrDefault(e => e.Sequence <= sequence).KeptSequence;
            return new JobStreamPosition(_epoch, sequence, kept);
        }
    }
}
