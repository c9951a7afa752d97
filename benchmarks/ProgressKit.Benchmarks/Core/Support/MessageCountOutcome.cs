using ProgressKit.Events;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>What the transport received for one run of the job, against what the job published.</summary>
/// <param name="Published">Events the job published.</param>
/// <param name="PublishedProgress">Of which progress updates.</param>
/// <param name="Sent">Events the transport was asked to send (one message each).</param>
/// <param name="SentProgress">Of which progress updates.</param>
/// <param name="Transitions">State transitions published (everything but progress updates).</param>
/// <param name="TransitionsKept">State transitions that reached the transport.</param>
/// <param name="InOrder">Whether the transport saw strictly increasing sequence numbers, ending with job_complete at 100%.</param>
internal sealed record MessageCountOutcome(int Published, int PublishedProgress, int Sent, int SentProgress, int Transitions, int TransitionsKept, bool InOrder)
{
    public static MessageCountOutcome From(List<ProgressEvent> published, IReadOnlyList<ProgressEvent> sent)
    {
        var sentSequences = sent.Select(e => e.Sequence).ToHashSet();
        var transitions = published.Where(e => e.Type != ProgressEventType.ProgressUpdate).ToList();
        var inOrder = sent.Zip(sent.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence)
            && sent[^1] is { Type: ProgressEventType.JobComplete, Progress: 100 };
        return new MessageCountOutcome(
            published.Count,
            published.Count(e => e.Type == ProgressEventType.ProgressUpdate),
            sent.Count,
            sent.Count(e => e.Type == ProgressEventType.ProgressUpdate),
            transitions.Count,
            transitions.Count(e => sentSequences.Contains(e.Sequence)),
            inOrder);
    }
}
