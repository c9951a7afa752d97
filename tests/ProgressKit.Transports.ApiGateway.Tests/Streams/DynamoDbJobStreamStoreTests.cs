using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Streams;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;
using static ProgressKit.Transports.ApiGateway.Tests.Streams.StreamEvents;

namespace ProgressKit.Transports.ApiGateway.Tests.Streams;

/// <summary>
/// The DynamoDB job stream store against dynalite on loopback. Reads that must come from DynamoDB alone are made by a
/// second store (another process: its own, empty local copy) on the same tables.
/// </summary>
public sealed class DynamoDbJobStreamStoreTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private readonly string _prefix = "s" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<StreamStoreHarness> _harnesses = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task Append_ThenReadFromAnotherProcess_RoundTripsSnapshotPositionTextAndLog()
    {
        var writer = await StartAsync();
        writer.Store.Append(Progress("job-1", 1));
        writer.Store.Append(Chunk("job-1", 2, "answer", 0, "Hello, "));
        writer.Store.Append(Chunk("job-1", 3, "answer", 1, "world"));
        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(provision: false);

        var snapshot = await reader.Store.GetSnapshotAsync("job-1").WithTimeout();
        var state = await reader.Store.GetStateAsync("job-1").WithTimeout();
        var resume = await reader.Store.ReadAsync("job-1", Cursor(1)).WithTimeout();

        snapshot.Should().BeEquivalentTo(Chunk("job-1", 3, "answer", 1, "world"));
        state!.Position.Should().Be(new JobStreamPosition(Epoch1, 3, 3));
        state.Streams["answer"].Should().BeEquivalentTo(new JobStreamText("Hello, world", 2, cut: false));
        resume.Outcome.Should().Be(ResumeOutcome.Gapless);
        resume.Events.Select(e => e.Sequence).Should().Equal(2, 3);
        resume.Position.Should().Be(new JobStreamPosition(Epoch1, 3, 3));
        (await reader.Store.GetSnapshotAsync("job-unknown").WithTimeout()).Should().BeNull();
        (await reader.Store.ReadAsync("job-unknown", Cursor(1)).WithTimeout()).Should().BeSameAs(JobResumeResult.UnknownJob);
    }

    [Fact]
    public async Task ReadAsync_EveryOutcome_AsTheInMemoryStoreAnswers()
    {
        var writer = await StartAsync(bounds: b => b.MaxEventsPerJob = 3);
        for (var seq = 1; seq <= 5; seq++)
        {
            writer.Store.Append(Progress("job-1", seq));
        }

        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(bounds: b => b.MaxEventsPerJob = 3, provision: false);

        var gapless = await reader.Store.ReadAsync("job-1", Cursor(2)).WithTimeout();
        var upToDate = await reader.Store.ReadAsync("job-1", Cursor(5)).WithTimeout();
        var evicted = await reader.Store.ReadAsync("job-1", Cursor(1)).WithTimeout();
        var ahead = await reader.Store.ReadAsync("job-1", Cursor(9)).WithTimeout();
        var noCursor = await reader.Store.ReadAsync("job-1", null).WithTimeout();
        var otherEpoch = await reader.Store.ReadAsync("job-1", Cursor(2, Epoch2)).WithTimeout();

        gapless.Outcome.Should().Be(ResumeOutcome.Gapless);
        gapless.Events.Select(e => e.Sequence).Should().Equal(3, 4, 5);
        upToDate.Outcome.Should().Be(ResumeOutcome.Gapless);
        upToDate.Events.Should().BeEmpty();
        foreach (var truncated in new[] { evicted, ahead, noCursor })
        {
            truncated.Outcome.Should().Be(ResumeOutcome.Truncated);
            truncated.State!.Snapshot.Sequence.Should().Be(5);
            truncated.Events.Should().BeEmpty();
        }

        otherEpoch.Outcome.Should().Be(ResumeOutcome.NewEpoch);
        otherEpoch.State!.Position.Should().Be(new JobStreamPosition(Epoch1, 5, 0));
    }

    [Fact]
    public async Task Append_PastTheBytesPerJob_EvictsTheOldestFirst()
    {
        // Room for three of these events as clients receive them (UTF-8 JSON), not four.
        var size = ProgressKit.Serialization.ProgressEventSerializer.SerializeToUtf8Bytes(Progress("job-1", 1, message: new string('m', 1_000))).Length;
        var bounds = (Action<JobStreamStoreOptions>)(b => b.MaxBytesPerJob = (3 * size) + (size / 2));
        var writer = await StartAsync(bounds: bounds);
        for (var seq = 1; seq <= 6; seq++)
        {
            writer.Store.Append(Progress("job-1", seq, message: new string('m', 1_000)));
        }

        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(bounds: bounds, provision: false);

        (await reader.Store.ReadAsync("job-1", Cursor(2)).WithTimeout()).Outcome.Should().Be(ResumeOutcome.Truncated, "seq 3 did not fit with the three newer ones");
        (await reader.Store.ReadAsync("job-1", Cursor(3)).WithTimeout()).Events.Select(e => e.Sequence).Should().Equal(4, 5, 6);
    }

    [Fact]
    public async Task Append_LargeEvents_KeepsTheItemWellBelowDynamoDbsLimit()
    {
        var writer = await StartAsync();
        for (var seq = 1; seq <= 12; seq++)
        {
            writer.Store.Append(Progress("job-1", seq, message: new string('m', 60_000)));
        }

        await writer.Store.FlushAsync("job-1", default).WithTimeout();

        var item = await RawItemAsync("job-1");
        var bytes = item["snapshot"].S.Length + item["log"].L.Sum(e => e.S.Length);
        bytes.Should().BeLessThanOrEqualTo(DynamoDbJobStreamStoreOptions.MaxItemBytes);
        item["seq"].N.Should().Be("12");
        var reader = await StartAsync(provision: false);
        var replay = await reader.Store.ReadAsync("job-1", Cursor(11)).WithTimeout();
        replay.Events.Should().ContainSingle().Which.Sequence.Should().Be(12);
        (await reader.Store.ReadAsync("job-1", Cursor(2)).WithTimeout()).Outcome.Should().Be(ResumeOutcome.Truncated);
    }

    [Fact]
    public async Task Append_EventOverTheMessageLimit_IsStoredAsClientsReceiveIt()
    {
        var writer = await StartAsync(configure: o => o.MaxEventBytes = 2048);
        writer.Store.Append(Progress("job-1", 1, message: new string('m', 10_000)));
        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(configure: o => o.MaxEventBytes = 2048, provision: false);

        var snapshot = await reader.Store.GetSnapshotAsync("job-1").WithTimeout();

        snapshot!.Truncated.Should().Contain("message");
        snapshot.Message!.Length.Should().BeLessThan(2048);
    }

    [Fact]
    public async Task Append_ChunksPastTheTextBound_KeepsTheBeginningAndSaysItWasCut()
    {
        var bounds = (Action<JobStreamStoreOptions>)(b => b.MaxStreamTextLength = 10);
        var writer = await StartAsync(bounds: bounds);
        writer.Store.Append(Chunk("job-1", 1, "answer", 0, "Hello"));
        writer.Store.Append(Chunk("job-1", 2, "answer", 1, "World!!"));
        writer.Store.Append(Chunk("job-1", 3, "other", 0, "x"));
        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(bounds: bounds, provision: false);

        var state = await reader.Store.GetStateAsync("job-1").WithTimeout();

        state!.Streams["answer"].Should().BeEquivalentTo(new JobStreamText("HelloWorld", 2, cut: true));
        state.Streams["other"].Should().BeEquivalentTo(new JobStreamText(string.Empty, 1, cut: true));
    }

    [Fact]
    public async Task Append_OlderOrRacedEventFromAnotherProcess_NeverReplacesTheNewer()
    {
        var first = await StartAsync();
        var second = await StartAsync(provision: false);
        for (var seq = 1; seq <= 10; seq++)
        {
            first.Store.Append(Progress("job-1", seq));
        }

        await first.Store.FlushAsync("job-1", default).WithTimeout();

        second.Store.Append(Progress("job-1", 5, message: "stale"));
        await second.Store.FlushAsync("job-1", default).WithTimeout();

        var item = await RawItemAsync("job-1");
        item["seq"].N.Should().Be("10");
        var reader = await StartAsync(provision: false);
        (await reader.Store.GetSnapshotAsync("job-1").WithTimeout())!.Message.Should().BeNull();
        (await reader.Store.ReadAsync("job-1", Cursor(7)).WithTimeout()).Events.Select(e => e.Sequence).Should().Equal(8, 9, 10);
    }

    [Fact]
    public async Task Append_TwoProcessesRacingOnOneJob_PositionsStayMonotonicAndTheLogGapless()
    {
        var first = await StartAsync();
        var second = await StartAsync(provision: false);

        // Both publish the job's events (as a retried invocation would); each write is conditional on what it read.
        var racing = new[] { first, second }.Select(h => Task.Run(async () =>
        {
            for (var seq = 1; seq <= 40; seq++)
            {
                h.Store.Append(Progress("job-1", seq));
                if (seq % 7 == 0)
                {
                    await h.Store.FlushAsync("job-1", default);
                }
            }

            await h.Store.FlushAsync("job-1", default);
        })).ToArray();
        await Task.WhenAll(racing).WithTimeout();

        var reader = await StartAsync(provision: false);
        var state = await reader.Store.GetStateAsync("job-1").WithTimeout();
        state!.Position.Should().Be(new JobStreamPosition(Epoch1, 40, 0));
        var replay = await reader.Store.ReadAsync("job-1", Cursor(20)).WithTimeout();
        replay.Outcome.Should().Be(ResumeOutcome.Gapless);
        replay.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(21, 20).Select(i => (long)i));
    }

    [Fact]
    public async Task Append_NewerEpoch_ReplacesTheStreamAndAnOlderEpochIsRefused()
    {
        var writer = await StartAsync();
        writer.Store.Append(Chunk("job-1", 1, "answer", 0, "first run"));
        writer.Store.Append(Progress("job-1", 2));
        writer.Store.Append(Chunk("job-1", 1, "answer", 0, "second", epoch: Epoch2));
        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var other = await StartAsync(provision: false);
        other.Store.Append(Progress("job-1", 9, epoch: Epoch1));
        await other.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(provision: false);

        var state = await reader.Store.GetStateAsync("job-1").WithTimeout();
        var resume = await reader.Store.ReadAsync("job-1", Cursor(2, Epoch1)).WithTimeout();

        state!.Position.Should().Be(new JobStreamPosition(Epoch2, 1, 1));
        state.Streams["answer"].Text.Should().Be("second");
        resume.Outcome.Should().Be(ResumeOutcome.NewEpoch);
        resume.State!.Streams["answer"].Text.Should().Be("second");
    }

    [Fact]
    public async Task Append_SkippedSequence_StartsTheLogAfreshSoNoReplaySpansTheGap()
    {
        var writer = await StartAsync();
        writer.Store.Append(Progress("job-1", 1));
        writer.Store.Append(Progress("job-1", 2));
        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var continuing = await StartAsync(provision: false);
        continuing.Store.Append(Progress("job-1", 5));
        continuing.Store.Append(Progress("job-1", 6));
        await continuing.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(provision: false);

        (await reader.Store.ReadAsync("job-1", Cursor(2)).WithTimeout()).Outcome.Should().Be(ResumeOutcome.Truncated);
        (await reader.Store.ReadAsync("job-1", Cursor(4)).WithTimeout()).Events.Select(e => e.Sequence).Should().Equal(5, 6);
    }

    [Fact]
    public async Task Reads_ThisProcessAheadOfDynamoDb_MergeItsNewerEvents()
    {
        var writer = await StartAsync();
        writer.Store.Append(Chunk("job-1", 1, "answer", 0, "a"));
        writer.Store.Append(Chunk("job-1", 2, "answer", 1, "b"));
        await writer.Store.FlushAsync("job-1", default).WithTimeout();

        // An event this process holds whose write is still in flight: in its local copy, not yet in DynamoDB.
        writer.Local.Append(Chunk("job-1", 3, "answer", 2, "c"));
        (await RawItemAsync("job-1"))["seq"].N.Should().Be("2");
        var resume = await writer.Store.ReadAsync("job-1", Cursor(1)).WithTimeout();
        var state = await writer.Store.GetStateAsync("job-1").WithTimeout();
        var snapshot = await writer.Store.GetSnapshotAsync("job-1").WithTimeout();

        resume.Outcome.Should().Be(ResumeOutcome.Gapless);
        resume.Events.Select(e => e.Sequence).Should().Equal(2, 3);
        state!.Streams["answer"].Text.Should().Be("abc");
        snapshot!.Sequence.Should().Be(3);
    }

    [Fact]
    public async Task Flush_ReturnsTheSubscriptionVersionWhichEverySubscribeChanges()
    {
        var harness = await StartAsync();
        var alice = new ApiGatewayConnection("c1", "alice", null);
        await harness.Registry.AddConnectionAsync(alice, default);
        harness.Store.Append(Progress("job-1", 1));
        var first = await harness.Store.FlushAsync("job-1", default).WithTimeout();
        harness.Store.Append(Progress("job-1", 2));
        (await harness.Store.FlushAsync("job-1", default).WithTimeout()).Should().Be(first);

        await harness.Registry.SubscribeAsync(alice, "job-1", default);
        harness.Store.Append(Progress("job-1", 3));
        var second = await harness.Store.FlushAsync("job-1", default).WithTimeout();
        await harness.Registry.SubscribeAsync(alice, "job-1", default);
        harness.Store.Append(Progress("job-1", 4));
        var third = await harness.Store.FlushAsync("job-1", default).WithTimeout();

        new[] { first, second, third }.Should().OnlyHaveUniqueItems().And.OnlyContain(v => v >= 0);
    }

    [Fact]
    public async Task Append_AfterACancelRequest_KeepsTheCancelFlag()
    {
        var harness = await StartAsync();
        harness.Store.Append(Progress("job-1", 1));
        await harness.Store.FlushAsync("job-1", default).WithTimeout();
        (await harness.Registry.RequestCancellationAsync("job-1", default)).Should().BeTrue();

        harness.Store.Append(Progress("job-1", 2));
        await harness.Store.FlushAsync("job-1", default).WithTimeout();

        (await harness.Registry.IsCancellationRequestedAsync("job-1", default)).Should().BeTrue();
        (await harness.Store.GetSnapshotAsync("job-1").WithTimeout())!.Sequence.Should().Be(2);
    }

    [Fact]
    public async Task Reads_PastTheJobTimeToLive_IgnoreTheItem()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestEvents.Epoch);
        var writer = await StartAsync(configure: o => o.TimeProvider = time);
        writer.Store.Append(Progress("job-1", 1));
        await writer.Store.FlushAsync("job-1", default).WithTimeout();
        var reader = await StartAsync(configure: o => o.TimeProvider = time, provision: false);
        (await reader.Store.GetSnapshotAsync("job-1").WithTimeout()).Should().NotBeNull();

        time.Advance(DynamoDbRegistryOptions.DefaultJobTimeToLive + TimeSpan.FromSeconds(1));

        (await reader.Store.GetSnapshotAsync("job-1").WithTimeout()).Should().BeNull();
        (await reader.Store.ReadAsync("job-1", null).WithTimeout()).Should().BeSameAs(JobResumeResult.UnknownJob);
        (await reader.Registry.RequestCancellationAsync("job-1", default)).Should().BeFalse();
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new DynamoDbJobStreamStoreOptions();

        options.WriteQueueCapacity.Should().Be(10_000).And.Be(DynamoDbJobStreamStoreOptions.DefaultWriteQueueCapacity);
        options.MaxWriteAttempts.Should().Be(3).And.Be(DynamoDbJobStreamStoreOptions.DefaultMaxWriteAttempts);
        options.RetryDelay.Should().Be(TimeSpan.FromMilliseconds(200)).And.Be(DynamoDbJobStreamStoreOptions.DefaultRetryDelay);
        options.OperationTimeout.Should().Be(TimeSpan.FromSeconds(5)).And.Be(DynamoDbJobStreamStoreOptions.DefaultOperationTimeout);
        DynamoDbJobStreamStoreOptions.MaxItemBytes.Should().Be(300 * 1024).And.BeLessThan(400 * 1024);
        DynamoDbJobStreamStoreOptions.MaxItemTextBytes.Should().Be(64 * 1024);
    }

    private static JobStreamCursor? Cursor(long after, string? epoch = Epoch1)
    {
        JobStreamCursor.TryCreate(after, epoch, out var cursor).Should().BeTrue();
        return cursor;
    }

    private async Task<StreamStoreHarness> StartAsync(Action<JobStreamStoreOptions>? bounds = null, Action<ApiGatewayTransportOptions>? configure = null, bool provision = true)
    {
        var harness = await StreamStoreHarness.StartAsync(dynalite.ServiceUrl, _prefix, bounds, configure, provision);
        _harnesses.Add(harness);
        return harness;
    }

    private async Task<Dictionary<string, AttributeValue>> RawItemAsync(string jobId)
    {
        using var client = new AmazonDynamoDBClient(TestCredentials.Basic, new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = _prefix + "-jobs",
            Key = new() { ["job_id"] = new AttributeValue(jobId) },
            ConsistentRead = true,
        });
        return response.Item;
    }
}
