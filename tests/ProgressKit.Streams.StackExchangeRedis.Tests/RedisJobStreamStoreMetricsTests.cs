namespace ProgressKit.Streams.StackExchangeRedis.Tests;

/// <summary>Resume outcomes and replay sizes, counted once per answer of the shared store, against a real redis-server.</summary>
public sealed class RedisJobStreamStoreMetricsTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = StoreProcess.NewPrefix();

    [Fact]
    public async Task EachResumeAnswer_IsCountedOnceByOutcome_AndAGaplessOneRecordsItsReplaySize()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var job = new JobScript("job-metrics");
        publisher.Append(job.Next(), job.Chunk("Hello "), job.Chunk("world"), job.Next(), job.Progress());
        await publisher.FlushAsync();

        var gapless = await reader.Store.ReadAsync("job-metrics", JobScript.Cursor(2));
        var late = await reader.Store.ReadAsync("job-metrics", cursor: null);
        var own = await publisher.Store.ReadAsync("job-metrics", JobScript.Cursor(4));
        var unknown = await reader.Store.ReadAsync("job-nobody-knows", JobScript.Cursor(1));

        gapless.Outcome.Should().Be(ResumeOutcome.Gapless);
        late.Outcome.Should().Be(ResumeOutcome.Truncated);
        own.Outcome.Should().Be(ResumeOutcome.Gapless);
        unknown.Should().BeSameAs(JobResumeResult.UnknownJob);
        StoreProcess.Sum(reader.Resumes, "outcome", "gapless").Should().Be(1);
        StoreProcess.Sum(reader.Resumes, "outcome", "truncated").Should().Be(2, "a resume without a cursor and an unknown job are answered truncated");
        reader.ReplaySize.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(3);
        StoreProcess.Sum(publisher.Resumes, "outcome", "gapless").Should().Be(1, "the publishing process's own local reads are not counted again");
        publisher.ReplaySize.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(1);
    }

    private StoreProcess Process() => new(redis.ConnectionString, _prefix);
}
