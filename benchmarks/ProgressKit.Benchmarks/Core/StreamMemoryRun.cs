using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Benchmarks.Core.Support;
using ProgressKit.Benchmarks.Shared;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// Memory per job that the job stream store holds at its default bounds (issue 20): 10,000 typical jobs (stages,
/// agents, progress updates, 20 chunks of an answer, complete), all kept for the default retention after their end,
/// with the log on (the default store) and off (<see cref="SnapshotOnlyStreamStore"/>, the newest event only).
/// </summary>
/// <remarks>
/// Managed heap after a full blocking collection, before and after, divided by the jobs; the publisher, dispatcher and
/// transport are built before the first reading, so only what the jobs leave behind is counted.
/// <c>--jobs N</c> changes the number of jobs.
/// </remarks>
internal static class StreamMemoryRun
{
    private const int Chunks = 20;
    private const string ChunkText = "forty characters of streamed answer text";

    public static async Task RunAsync(string[] args)
    {
        var jobs = RunArguments.Int(args, "jobs", 10_000);
        var table = new MarkdownTable("Store", "Jobs", "Events per job", "Jobs held", "Events held", "Heap held", "Per job");
        var logOff = await MeasureAsync(jobs, logOn: false);
        table.Add("log off: newest event only (before the log)", jobs, logOff.EventsPerJob, logOff.JobsHeld, "-", Bytes(logOff.Heap), Bytes(logOff.Heap / jobs));
        var logOn = await MeasureAsync(jobs, logOn: true);
        table.Add("log on: InMemoryJobStreamStore, default bounds", jobs, logOn.EventsPerJob, logOn.JobsHeld, logOn.EventsHeld, Bytes(logOn.Heap), Bytes(logOn.Heap / jobs));
        Console.WriteLine(table);
        Console.WriteLine($"// defaults: MaxJobs {JobStreamStoreOptions.DefaultMaxJobs:N0}, MaxEventsPerJob {JobStreamStoreOptions.DefaultMaxEventsPerJob:N0}, " +
            $"MaxTotalEvents {JobStreamStoreOptions.DefaultMaxTotalEvents:N0}, MaxTotalBytes {JobStreamStoreOptions.DefaultMaxTotalBytes:N0} B, " +
            $"MaxStreamTextLength {JobStreamStoreOptions.DefaultMaxStreamTextLength:N0}, FinishedJobRetention {JobStreamStoreOptions.DefaultFinishedJobRetention}");
    }

    private static async Task<(int EventsPerJob, long JobsHeld, long EventsHeld, long Heap)> MeasureAsync(int jobs, bool logOn)
    {
        var transport = new CountingTransport(logOn ? "log-on" : "log-off");
        await using var host = ProgressKitHost.Start(
            transport,
            o => o.BufferCapacity = 100_000,
            b =>
            {
                if (!logOn)
                {
                    b.Services.AddSingleton<IJobStreamStore, SnapshotOnlyStreamStore>();
                }
            });
        var publisher = host.Publisher;
        var store = host.Services.GetRequiredService<IJobStreamStore>();
        var eventsPerJob = PublishTypicalJob(publisher, "warm-up");
        await publisher.FlushAsync(TimeSpan.FromMinutes(1));

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < jobs; i++)
        {
            PublishTypicalJob(publisher, $"job-{i:D6}");
            if (i % 1_000 == 999)
            {
                await publisher.FlushAsync(TimeSpan.FromMinutes(1));
            }
        }

        await publisher.FlushAsync(TimeSpan.FromMinutes(1));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var (jobsHeld, eventsHeld) = store switch
        {
            InMemoryJobStreamStore memory => ((long)memory.JobCount, memory.EventCount),
            SnapshotOnlyStreamStore snapshots => (snapshots.Count, 0L),
            _ => (0L, 0L),
        };
        GC.KeepAlive(store);
        return (eventsPerJob, jobsHeld, eventsHeld, after - before);
    }

    private static int PublishTypicalJob(IProgressPublisher publisher, string jobId)
    {
        using var job = publisher.StartJob(jobId, userId: "user-1", stages: [("ingest", 1), ("agents", 3), ("answer", 2)]);
        job.StartStage("ingest");
        job.ReportStageProgress(0.5);
        job.StartStage("agents");
        job.ReportAgentStatus("geo_agent", AgentStatus.Invoking);
        job.ReportAgentStatus("geo_agent", AgentStatus.CallingTool, tool: "maps");
        job.ReportAgentStatus("geo_agent", AgentStatus.Complete, confidence: 0.9);
        job.StartStage("answer");
        for (var i = 0; i < Chunks; i++)
        {
            job.Chunk(ChunkText);
        }

        job.Complete();
        return 1 + 2 + 4 + 1 + Chunks + 1;
    }

    private static string Bytes(long bytes) => bytes >= 10 * 1024 * 1024 ? $"{bytes / (1024.0 * 1024):N1} MiB" : bytes >= 10 * 1024 ? $"{bytes / 1024.0:N1} KiB" : $"{bytes:N0} B";
}
