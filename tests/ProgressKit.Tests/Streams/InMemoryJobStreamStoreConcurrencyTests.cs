using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

public class InMemoryJobStreamStoreConcurrencyTests
{
    private const int Writers = 4;
    private const int JobsPerWriter = 200;
    private const int EventsPerWriter = 20_000;

    [Fact]
    public async Task ManyJobs_AppendsReadsAndExpiryRace_BoundsHoldAndNothingThrows()
    {
        using var h = new StreamStoreHarness(o =>
        {
            o.MaxJobs = 100;
            o.MaxEventsPerJob = 16;
            o.MaxTotalEvents = 500;
            o.MaxTotalBytes = 256 * 1024;
            o.MaxStreamTextLength = 64;
            o.MaxReplayEvents = 8;
            o.IdleTimeToLive = TimeSpan.FromSeconds(5);
            o.FinishedJobRetention = TimeSpan.FromSeconds(1);
            o.ExpiryScanInterval = TimeSpan.FromMilliseconds(100);
        });
        using var done = new CancellationTokenSource();
        using var start = new Barrier(Writers + 2);
        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(() => Write(h, w, start), TaskCreationOptions.LongRunning)).ToArray();
        var reader = Task.Run(() => Read(h, start, violations, done.Token));
        var expirer = Task.Factory.StartNew(() => Expire(h, start, done.Token), TaskCreationOptions.LongRunning);

        await Task.WhenAll(writers).WaitAsync(Fakes.TestTimeouts.Signal);
        await done.CancelAsync();
        await Task.WhenAll(reader, expirer).WaitAsync(Fakes.TestTimeouts.Signal);

        violations.Should().BeEmpty();
        h.Store.JobCount.Should().BeLessThanOrEqualTo(100);
        h.Store.EventCount.Should().BeLessThanOrEqualTo(500);
        h.Store.ByteCount.Should().BeLessThanOrEqualTo(256 * 1024);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        h.Store.JobCount.Should().Be(0);
        h.Store.EventCount.Should().Be(0, "the accounting matches what the lists hold");
        h.Store.ByteCount.Should().Be(0);
    }

    // Each writer owns its jobs, as the publisher numbers a job under that job's lock.
    private static void Write(StreamStoreHarness h, int writer, Barrier start)
    {
        var random = new Random(writer);
        var jobs = Enumerable.Range(0, JobsPerWriter).Select(j => new JobScript($"w{writer}-j{j}")).ToArray();
        start.SignalAndWait(CancellationToken.None);
        for (var i = 0; i < EventsPerWriter; i++)
        {
            var job = jobs[random.Next(jobs.Length)];
            h.Store.Append(random.Next(10) switch
            {
                < 4 => job.Chunk(new string('c', random.Next(1, 40)), random.Next(3) == 0 ? "log" : "output"),
                < 7 => job.Progress(),
                < 9 => job.Next(),
                _ => job.Complete(),
            });
        }
    }

    private static async Task Read(StreamStoreHarness h, Barrier start, System.Collections.Concurrent.ConcurrentQueue<string> violations, CancellationToken done)
    {
        var random = new Random(99);
        start.SignalAndWait(CancellationToken.None);
        while (!done.IsCancellationRequested)
        {
            var jobId = $"w{random.Next(Writers)}-j{random.Next(JobsPerWriter)}";
            JobStreamCursor.TryCreate(random.Next(0, 120), random.Next(4) == 0 ? null : StreamStoreHarness.Epoch, out var cursor);
            var read = await h.Store.ReadAsync(jobId, cursor, CancellationToken.None);
            var expected = cursor.AfterSequence + 1;
            foreach (var e in read.Events)
            {
                if (e.Sequence != expected++ || e.JobId != jobId)
                {
                    violations.Enqueue($"{jobId}: replay after {cursor.AfterSequence} is not gapless at {e.Sequence}");
                }
            }

            if (read.Events.Count > 8)
            {
                violations.Enqueue($"{jobId}: replay of {read.Events.Count} events");
            }

            if ((await h.Store.GetStateAsync(jobId, CancellationToken.None))?.Streams.Values.Sum(s => s.Text.Length) > 64)
            {
                violations.Enqueue($"{jobId}: text over the bound");
            }

            if (h.Store.JobCount > 100 || h.Store.EventCount > 500 || h.Store.ByteCount > 256 * 1024)
            {
                violations.Enqueue("a store-wide bound was exceeded");
            }
        }
    }

    private static void Expire(StreamStoreHarness h, Barrier start, CancellationToken done)
    {
        start.SignalAndWait(CancellationToken.None);
        while (!done.IsCancellationRequested)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(50));
        }
    }
}
