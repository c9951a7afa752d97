namespace ProgressKit.Samples.Shared.Http;

/// <summary>The optional JSON body of <c>POST /jobs</c>: <c>{"fail": true, "duration_seconds": 5}</c>.</summary>
internal sealed record StartJobRequest
{
    public bool? Fail { get; init; }

    public double? DurationSeconds { get; init; }
}
