using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ProgressKit.Streams.StackExchangeRedis.Tests;

/// <summary>Reads merge Redis with this process's newer events that are not written yet (appended to the local copy only here).</summary>
public sealed class RedisJobStreamStoreMergeTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task LocalCopyAheadOfRedis_AResume_ReplaysRedisEventsThenTheLocalOnes()
    {
        await using var harness = new MergeHarness(redis.ConnectionString, maxReplay: 10);
        var job = new JobScript("job-merge");
        await harness.WrittenAsync(job.Next(), job.Chunk("Hello "), job.Next());
        harness.LocalOnly(job.Next(), job.Chunk("world"));

        var result = await harness.Store.ReadAsync("job-merge", JobScript.Cursor(1));
        var state = await harness.Store.GetStateAsync("job-merge");

        result.Outcome.Should().Be(ResumeOutcome.Gapless);
        result.Events.Select(e => e.Sequence).Should().Equal(2, 3, 4, 5);
        result.Position.Should().Be(new JobStreamPosition(JobScript.Epoch, 5, 5));
        state!.Position.Sequence.Should().Be(5);
        state.Streams["output"].Should().BeEquivalentTo(new JobStreamText("Hello world", 2, false));
    }

    [Fact]
    public async Task LocalCopyAheadOfRedis_AResumeBeyondTheReplayBound_GetsRedisTextExtendedByTheLocalChunks()
    {
        await using var harness = new MergeHarness(redis.ConnectionString, maxReplay: 2);
        var job = new JobScript("job-merge-far");
        await harness.WrittenAsync(job.Next(), job.Chunk("Hello "), job.Next());
        harness.LocalOnly(job.Next(), job.Chunk("world"));

        var result = await harness.Store.ReadAsync("job-merge-far", JobScript.Cursor(1));

        result.Outcome.Should().Be(ResumeOutcome.Truncated);
        result.Position.Should().Be(new JobStreamPosition(JobScript.Epoch, 5, 5));
        result.State!.Snapshot.Sequence.Should().Be(5);
        result.State.Streams["output"].Should().BeEquivalentTo(new JobStreamText("Hello world", 2, false));
    }

    /// <summary>A Redis store over a local copy the test can append to directly, as if writes were still in flight.</summary>
    private sealed class MergeHarness : IAsyncDisposable
    {
        private readonly ServiceProvider _localServices;
        private readonly IJobStreamStore _local;

        public MergeHarness(string connectionString, int maxReplay)
        {
            _localServices = new ServiceCollection().AddProgressKit(o => o.Streams.MaxReplayEvents = maxReplay).Services.BuildServiceProvider();
            _local = _localServices.GetRequiredService<IJobStreamStore>();
            var bounds = _localServices.GetRequiredService<IOptions<ProgressKitOptions>>().Value.Streams;
            Store = new RedisJobStreamStore(
                _local,
                bounds,
                new RedisJobStreamStoreOptions { Configuration = connectionString, KeyPrefix = StoreProcess.NewPrefix() },
                TimeProvider.System,
                NullLogger.Instance,
                meterFactory: null);
        }

        public RedisJobStreamStore Store { get; }

        public async Task WrittenAsync(params ProgressKit.Events.ProgressEvent[] events)
        {
            foreach (var progressEvent in events)
            {
                Store.Append(progressEvent);
            }

            using var timeout = TestTimeouts.CreateTokenSource();
            await Store.FlushAsync(timeout.Token);
        }

        public void LocalOnly(params ProgressKit.Events.ProgressEvent[] events)
        {
            foreach (var progressEvent in events)
            {
                _local.Append(progressEvent);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            await _localServices.DisposeAsync();
        }
    }
}
