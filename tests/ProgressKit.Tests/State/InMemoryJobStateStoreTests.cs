using Microsoft.Extensions.Time.Testing;
using ProgressKit.Events;
using ProgressKit.State;

namespace ProgressKit.Tests.State;

public class InMemoryJobStateStoreTests
{
    private static ProgressEvent Event(string jobId, long seq, DateTimeOffset at) => new()
    {
        Type = ProgressEventType.ProgressUpdate, JobId = jobId, Sequence = seq, Timestamp = at, Status = JobStatus.Processing, Progress = seq,
    };

    private static (InMemoryJobStateStore Store, FakeTimeProvider Time) Create(int maxJobs = 100)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new ProgressKitOptions { TimeProvider = time };
        options.StateStore.MaxJobs = maxJobs;
        return (new InMemoryJobStateStore(Microsoft.Extensions.Options.Options.Create(options)), time);
    }

    [Fact]
    public async Task Set_KeepsTheNewestSequence_EvenWhenWritesRace()
    {
        var (store, time) = Create();

        await store.SetAsync(Event("j", 5, time.GetUtcNow()));
        await store.SetAsync(Event("j", 3, time.GetUtcNow()));

        (await store.GetAsync("j"))!.Sequence.Should().Be(5);
        (await store.GetAsync("unknown")).Should().BeNull();
    }

    [Fact]
    public async Task Get_ExpiredSnapshot_ReturnsNull()
    {
        var (store, time) = Create();
        await store.SetAsync(Event("j", 1, time.GetUtcNow()));

        time.Advance(TimeSpan.FromHours(2));

        (await store.GetAsync("j")).Should().BeNull();
        store.Count.Should().Be(0);
    }

    [Fact]
    public async Task Store_IsBounded_OldestAreEvicted()
    {
        var (store, time) = Create(maxJobs: 10);
        for (var i = 0; i < 11; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await store.SetAsync(Event($"j{i}", 1, time.GetUtcNow()));
        }

        store.Evict();

        store.Count.Should().BeLessThanOrEqualTo(9);
        (await store.GetAsync("j10")).Should().NotBeNull("the newest survive");
        (await store.GetAsync("j0")).Should().BeNull("the oldest go first");
    }
}
