using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests;

/// <summary>
/// What a publish call allocates on the caller's thread: the event and nothing else, once the job's log is at its
/// bound (issue 17, part 7: the publish call's cost). Bytes, not time: the per-thread allocation counter is exact.
/// </summary>
public sealed class PublishAllocationTests
{
    private const int Warmup = 5_000;
    private const int Calls = 20_000;

    // Amortised growth (a dictionary resize) may add a little; a second object per call cannot hide under this: the
    // log entry was 72 B, a closure 96 B. The lane's inbox (a ConcurrentQueue) grows its segments to the most events
    // it ever held, up to twice the buffer's capacity: a small capacity keeps that growth (16 B a slot) out of the
    // measurement however far behind the pump falls on a loaded machine.
    private const double SlackBytesPerCall = 16;

    [Theory]
    [InlineData("stage")]
    [InlineData("progress")]
    [InlineData("handle")]
    public async Task Publish_JobPastItsLogBound_AllocatesOnlyTheEvent(string method)
    {
        // Arrange
        var transport = new CountingTransport();
        var services = new ServiceCollection();
        services.AddProgressKit(o =>
        {
            o.BufferCapacity = 64;
            o.Streams.MaxEventsPerJob = 16;
        }).AddTransport(_ => transport);
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<IProgressPublisher>();
        await using var job = publisher.StartJob("handle-job", stages: [("ingest", 1), ("work", 3)]);
        job.StartStage("work");
        Publish(publisher, job, method, Warmup);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        Publish(publisher, job, method, Calls);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;

        // Assert
        perCall.Should().BeLessThanOrEqualTo(EventBytes() + SlackBytesPerCall, "a {0} publish allocates its event and nothing else", method);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Publish(IProgressPublisher publisher, IProgressJob job, string method, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            switch (method)
            {
                case "stage": publisher.PublishStage("by-id-job", "work", progress: 50); break;
                case "progress": publisher.PublishProgress("by-id-job", i % 100); break;
                default: job.ReportStageProgress(0.5); break;
            }
        }
    }

    // An event's size depends on its type alone, not on the values it holds.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long EventBytes()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var progressEvent = new ProgressEvent
        {
            Type = ProgressEventType.StageStarted,
            JobId = "j",
            Sequence = 1,
            Timestamp = DateTimeOffset.UnixEpoch,
            Status = JobStatus.Processing,
            Progress = 0,
        };
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(progressEvent);
        return bytes;
    }
}
