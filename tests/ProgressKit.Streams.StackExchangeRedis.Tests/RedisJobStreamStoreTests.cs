using ProgressKit.Events;
using StackExchange.Redis;

namespace ProgressKit.Streams.StackExchangeRedis.Tests;

/// <summary>The shared log against a real redis-server: one process writes, another ("a second web node") reads.</summary>
public sealed class RedisJobStreamStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = StoreProcess.NewPrefix();

    [Fact]
    public async Task Append_AnotherProcessResumes_ReplaysEveryEventAfterTheCursorInOrder()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var job = new JobScript("job-1");
        publisher.Append(job.Next(), job.Progress(), job.Chunk("Hello "), job.Chunk("world"), job.Next());

        await publisher.FlushAsync();
        var result = await reader.Store.ReadAsync("job-1", JobScript.Cursor(2));

        result.Outcome.Should().Be(ResumeOutcome.Gapless);
        result.Events.Select(e => e.Sequence).Should().Equal(3, 4, 5);
        result.Events[1].Chunk!.Text.Should().Be("world");
        result.Position.Should().Be(new JobStreamPosition(JobScript.Epoch, 5, 4));
        result.State.Should().BeNull();
    }

    [Fact]
    public async Task TwoProcessesPublishingInTurn_LeaveOneGaplessLog()
    {
        await using var first = Process();
        await using var second = Process();
        await using var reader = Process();
        var job = new JobScript("job-turns");
        first.Append(job.Next(), job.Chunk("one "), job.Next());
        await first.FlushAsync();

        // The second process continues from the hand-off cursor: same epoch, seq after the first's.
        second.Append(job.Chunk("two"), job.Progress(), job.Complete());
        await second.FlushAsync();
        var result = await reader.Store.ReadAsync("job-turns", JobScript.Cursor(0));
        var state = await reader.Store.GetStateAsync("job-turns");

        result.Outcome.Should().Be(ResumeOutcome.Gapless);
        result.Events.Select(e => e.Sequence).Should().Equal(1, 2, 3, 4, 5, 6);
        state!.Streams["output"].Should().BeEquivalentTo(new JobStreamText("one two", 2, false));
        state.Snapshot.Type.Should().Be(ProgressEventType.JobComplete);
    }

    [Fact]
    public async Task ResumeWithoutCursor_AnotherProcess_GetsSnapshotAndWholeText()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var job = new JobScript("job-late");
        publisher.Append(job.Next(), job.Chunk("The answer "), job.Chunk("is 42", "output"), job.Chunk("thinking", "reasoning"), job.Progress());

        await publisher.FlushAsync();
        var result = await reader.Store.ReadAsync("job-late", cursor: null);

        result.Outcome.Should().Be(ResumeOutcome.Truncated);
        result.Events.Should().BeEmpty();
        result.Position.Should().Be(new JobStreamPosition(JobScript.Epoch, 5, 4));
        result.State!.Snapshot.Sequence.Should().Be(5);
        result.State.Streams.Should().BeEquivalentTo(new Dictionary<string, JobStreamText>
        {
            ["output"] = new("The answer is 42", 2, false),
            ["reasoning"] = new("thinking", 1, false),
        });
    }

    [Fact]
    public async Task GetSnapshot_AnotherProcess_ReadsTheNewestEventAloneFromRedis_AProcessAheadOfRedisAnswersFromItsCopy()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var job = new JobScript("job-snapshot");
        publisher.Append(job.Next(), job.Chunk("some text"), job.Progress());
        await publisher.FlushAsync();

        var fromRedis = await reader.Store.GetSnapshotAsync("job-snapshot");
        var unknown = await reader.Store.GetSnapshotAsync("job-nobody-published");

        fromRedis!.Sequence.Should().Be(3);
        fromRedis.Type.Should().Be(ProgressEventType.ProgressUpdate);
        unknown.Should().BeNull();
        StoreProcess.Sum(reader.Reads, "source", "redis").Should().Be(1);

        // Redis has not answered the newest write yet when this process reads its own job: its copy is ahead.
        var newest = job.Next();
        publisher.Append(newest);
        var own = await publisher.Store.GetSnapshotAsync("job-snapshot");
        own!.Sequence.Should().Be(4, "this process's copy holds #4 whether or not Redis has it yet");
    }

    [Fact]
    public async Task UnknownJob_IsAnsweredUnknown()
    {
        await using var reader = Process();

        var result = await reader.Store.ReadAsync("job-none", JobScript.Cursor(3));
        var state = await reader.Store.GetStateAsync("job-none");

        result.Should().BeSameAs(JobResumeResult.UnknownJob);
        state.Should().BeNull();
    }

    [Fact]
    public async Task EventsPastMaxEventsPerJob_AreEvictedInRedis_AResumeBeforeThemIsTruncated()
    {
        await using var publisher = Process(b => b.MaxEventsPerJob = 3);
        await using var reader = Process(b => b.MaxEventsPerJob = 3);
        var job = new JobScript("job-count");
        publisher.Append(job.Next(), job.Next(), job.Next(), job.Next(), job.Next(), job.Next());

        await publisher.FlushAsync();
        var behind = await reader.Store.ReadAsync("job-count", JobScript.Cursor(2));
        var within = await reader.Store.ReadAsync("job-count", JobScript.Cursor(3));

        behind.Outcome.Should().Be(ResumeOutcome.Truncated);
        behind.State!.Snapshot.Sequence.Should().Be(6);
        within.Outcome.Should().Be(ResumeOutcome.Gapless);
        within.Events.Select(e => e.Sequence).Should().Equal(4, 5, 6);
        StoreProcess.Sum(publisher.Evicted, "reason", "job_events").Should().Be(3);
    }

    [Fact]
    public async Task EventsPastMaxBytesPerJob_AreEvictedInRedis_OldestFirst()
    {
        // In Redis an event weighs its JSON; the bound holds two and a half of these events.
        var job = new JobScript("job-bytes");
        var message = new string('m', 1000);
        var events = new[] { job.Next(text: message), job.Next(text: message), job.Next(text: message), job.Next(text: message) };
        var size = ProgressKit.Serialization.ProgressEventSerializer.SerializeToUtf8Bytes(events[0]).Length;
        await using var publisher = Process(b => b.MaxBytesPerJob = size * 5 / 2);
        await using var reader = Process(b => b.MaxBytesPerJob = size * 5 / 2);
        publisher.Append(events);

        await publisher.FlushAsync();
        var behind = await reader.Store.ReadAsync("job-bytes", JobScript.Cursor(1));
        var within = await reader.Store.ReadAsync("job-bytes", JobScript.Cursor(2));

        behind.Outcome.Should().Be(ResumeOutcome.Truncated);
        within.Outcome.Should().Be(ResumeOutcome.Gapless);
        within.Events.Select(e => e.Sequence).Should().Equal(3, 4);
        StoreProcess.Sum(publisher.Evicted, "reason", "job_bytes").Should().Be(2);
    }

    [Fact]
    public async Task StreamTextPastMaxStreamTextLength_KeepsItsBeginningWholeCharactersAndIsCut()
    {
        await using var publisher = Process(b => b.MaxStreamTextLength = 10);
        await using var reader = Process(b => b.MaxStreamTextLength = 10);
        var job = new JobScript("job-cut");

        // "héllo wörl" is 10 UTF-16 units (12 UTF-8 bytes); the emoji needs 2 units and would split at the bound.
        publisher.Append(job.Chunk("héllo "), job.Chunk("wörld!"), job.Chunk("more"), job.Chunk("😀", "other"));
        await publisher.FlushAsync();
        var state = await reader.Store.GetStateAsync("job-cut");

        state!.Streams["output"].Should().BeEquivalentTo(new JobStreamText("héllo wörl", 3, true));
        state.Streams["other"].Should().BeEquivalentTo(new JobStreamText(string.Empty, 1, true));
    }

    [Fact]
    public async Task NewerEpoch_ReplacesTheJob_ACursorInTheOldEpochIsAnsweredNewEpoch()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var old = new JobScript("job-epoch");
        var restarted = new JobScript("job-epoch", JobScript.LaterEpoch);
        publisher.Append(old.Next(), old.Chunk("old"));
        await publisher.FlushAsync();

        publisher.Append(restarted.Next(), restarted.Chunk("new"));
        await publisher.FlushAsync();
        var fromOld = await reader.Store.ReadAsync("job-epoch", JobScript.Cursor(2));
        var fromNew = await reader.Store.ReadAsync("job-epoch", JobScript.Cursor(0, JobScript.LaterEpoch));

        fromOld.Outcome.Should().Be(ResumeOutcome.NewEpoch);
        fromOld.State!.Streams["output"].Text.Should().Be("new");
        fromOld.Position.Should().Be(new JobStreamPosition(JobScript.LaterEpoch, 2, 2));
        fromNew.Outcome.Should().Be(ResumeOutcome.Gapless);
        fromNew.Events.Select(e => e.Epoch).Should().AllBe(JobScript.LaterEpoch);
    }

    [Fact]
    public async Task EventOfAnOlderEpoch_FromAnotherProcess_IsRefused()
    {
        await using var current = Process();
        await using var stale = Process();
        await using var reader = Process();
        var restarted = new JobScript("job-stale", JobScript.LaterEpoch);
        var old = new JobScript("job-stale");
        current.Append(restarted.Next());
        await current.FlushAsync();

        stale.Append(old.Next(), old.Next());
        await stale.FlushAsync();
        var state = await reader.Store.GetStateAsync("job-stale");

        state!.Position.Should().Be(new JobStreamPosition(JobScript.LaterEpoch, 1, 1));
        StoreProcess.Sum(stale.Writes, "outcome", "refused").Should().Be(2);
    }

    [Fact]
    public async Task EventOfAnOlderSeq_FromAnotherProcess_IsRefused_TheNewestEventStays()
    {
        await using var current = Process();
        await using var stale = Process();
        await using var reader = Process();
        var job = new JobScript("job-older");
        var events = Enumerable.Range(0, 7).Select(_ => job.Next()).ToArray();
        current.Append(events);
        await current.FlushAsync();

        stale.Append(events[2]);
        await stale.FlushAsync();
        var state = await reader.Store.GetStateAsync("job-older");

        state!.Snapshot.Sequence.Should().Be(7);
        StoreProcess.Sum(stale.Writes, "outcome", "refused").Should().Be(1);
    }

    [Fact]
    public async Task JobsPastMaxJobs_TheLeastRecentlyPublishedAreReleasedInRedis_AndCounted()
    {
        await using var publisher = Process(shared: o => o.MaxJobs = 3);
        await using var reader = Process();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var jobIds = Enumerable.Range(0, 5).Select(i => $"job-cap-{i}").ToArray();

        // One job at a time, each written before the next: Redis scores them in this order (a tie within one
        // millisecond falls back to the ids' order, which is the same).
        foreach (var jobId in jobIds)
        {
            publisher.Append(new JobScript(jobId).Next());
            await publisher.FlushAsync();
        }

        var known = new List<string>();
        foreach (var jobId in jobIds)
        {
            if (await reader.Store.GetStateAsync(jobId) is not null)
            {
                known.Add(jobId);
            }
        }

        known.Should().Equal("job-cap-2", "job-cap-3", "job-cap-4");
        (await connection.GetDatabase().SortedSetLengthAsync($"{_prefix}{{streams}}:index")).Should().Be(3);
        (await connection.GetDatabase().KeyExistsAsync($"{_prefix}{{streams}}:job:job-cap-0:meta")).Should().BeFalse();
        StoreProcess.Sum(publisher.Released, "reason", "capacity").Should().Be(2);
        (await publisher.Store.GetStateAsync("job-cap-0")).Should().NotBeNull("the publishing process still answers from its own copy");
    }

    [Fact]
    public async Task JobsPastMaxTotalBytes_TheSoonestToExpireAreReleasedInRedis_AndTheTotalStaysExact()
    {
        await using var publisher = Process(shared: o => o.MaxTotalBytes = 1 << 20);
        await using var reader = Process();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();
        var sizes = $"{_prefix}{{streams}}:sizes";
        var jobIds = Enumerable.Range(0, 5).Select(i => $"job-bytes-{i}").ToArray();

        // Each job holds about 470 KB (three 100,000-character chunks in its log, the newest as its snapshot, and its
        // text up to the 65,536-unit bound): two fit under 1 MiB, a third releases the oldest.
        foreach (var jobId in jobIds)
        {
            var job = new JobScript(jobId);
            publisher.Append(job.Chunk(new string('a', 100_000)), job.Chunk(new string('b', 100_000)), job.Chunk(new string('c', 100_000)));
            await publisher.FlushAsync();
        }

        var known = new List<string>();
        foreach (var jobId in jobIds)
        {
            if (await reader.Store.GetStateAsync(jobId) is not null)
            {
                known.Add(jobId);
            }
        }

        known.Should().Equal("job-bytes-3", "job-bytes-4");
        StoreProcess.Sum(publisher.Released, "reason", "total_bytes").Should().Be(3);
        var entries = (await database.HashGetAllAsync(sizes)).ToDictionary(e => (string)e.Name!, e => (long)e.Value);
        entries.Keys.Should().BeEquivalentTo(["#total", "job-bytes-3", "job-bytes-4"]);
        entries["#total"].Should().Be(entries["job-bytes-3"] + entries["job-bytes-4"]).And.BeLessThanOrEqualTo(1 << 20);
        entries["job-bytes-4"].Should().BeGreaterThan(400_000);
        (await database.KeyExistsAsync($"{_prefix}{{streams}}:job:job-bytes-0:log")).Should().BeFalse();
    }

    [Fact]
    public async Task CursorAfterTheJobsPosition_IsAnsweredTruncated()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var job = new JobScript("job-ahead");
        publisher.Append(job.Next(), job.Next());

        await publisher.FlushAsync();
        var result = await reader.Store.ReadAsync("job-ahead", JobScript.Cursor(7));

        result.Outcome.Should().Be(ResumeOutcome.Truncated);
        result.State!.Snapshot.Sequence.Should().Be(2);
    }

    [Fact]
    public async Task ReplayPastMaxReplayEvents_IsAnsweredTruncated()
    {
        await using var publisher = Process(b => b.MaxReplayEvents = 2);
        await using var reader = Process(b => b.MaxReplayEvents = 2);
        var job = new JobScript("job-replay");
        publisher.Append(job.Next(), job.Next(), job.Next(), job.Next());

        await publisher.FlushAsync();
        var far = await reader.Store.ReadAsync("job-replay", JobScript.Cursor(1));
        var near = await reader.Store.ReadAsync("job-replay", JobScript.Cursor(2));

        far.Outcome.Should().Be(ResumeOutcome.Truncated);
        near.Outcome.Should().Be(ResumeOutcome.Gapless);
        near.Events.Should().HaveCount(2);
    }

    [Fact]
    public async Task KeysExpire_IdleTimeToLiveAfterTheNewestEvent_FinishedJobRetentionAfterTheTerminalOne()
    {
        await using var publisher = Process(b =>
        {
            b.IdleTimeToLive = TimeSpan.FromHours(1);
            b.FinishedJobRetention = TimeSpan.FromMinutes(10);
        });
        var job = new JobScript("job-ttl");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();
        var keys = new[] { "meta", "log", "text" }.Select(k => (RedisKey)$"{_prefix}{{streams}}:job:job-ttl:{k}").ToArray();

        publisher.Append(job.Next(), job.Chunk("x"));
        await publisher.FlushAsync();
        var running = await Task.WhenAll(keys.Select(k => database.KeyTimeToLiveAsync(k)));
        publisher.Append(job.Complete());
        await publisher.FlushAsync();
        var finished = await Task.WhenAll(keys.Select(k => database.KeyTimeToLiveAsync(k)));

        running.Should().AllSatisfy(ttl => ttl.Should().BeGreaterThan(TimeSpan.FromMinutes(50)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1)));
        finished.Should().AllSatisfy(ttl => ttl.Should().BeGreaterThan(TimeSpan.FromMinutes(9)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task FinishedJobRetentionZero_ReleasesTheJobInRedisAtItsTerminalEvent()
    {
        await using var publisher = Process(b => b.FinishedJobRetention = TimeSpan.Zero);
        await using var reader = Process(b => b.FinishedJobRetention = TimeSpan.Zero);
        var job = new JobScript("job-released");
        publisher.Append(job.Next());
        await publisher.FlushAsync();
        var running = await reader.Store.GetStateAsync("job-released");

        publisher.Append(job.Complete());
        await publisher.FlushAsync();
        var released = await reader.Store.ReadAsync("job-released", JobScript.Cursor(1));

        running.Should().NotBeNull();
        released.Should().BeSameAs(JobResumeResult.UnknownJob);
    }

    private StoreProcess Process(Action<JobStreamStoreOptions>? bounds = null, Action<RedisJobStreamStoreOptions>? shared = null) =>
        new(redis.ConnectionString, _prefix, bounds, shared);
}
