using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

/// <summary>The publisher's cached reference to a job's stream (one lookup of the job id per publish, not two) is used only while current.</summary>
public class JobStreamCachedReferenceTests
{
    [Fact]
    public async Task Append_WithAReferenceToAReleasedJob_RecordsTheJobAnew()
    {
        using var h = new StreamStoreHarness(o => o.MaxJobs = 1);
        var a = new JobScript("a");
        JobStream? heldA = null;
        JobStream? heldB = null;
        h.Store.Append(a.Next(), h.Time.GetUtcNow(), ref heldA);
        var first = heldA;

        // b takes the only place: a is released, and its cached reference goes stale.
        h.Store.Append(new JobScript("b").Next(), h.Time.GetUtcNow(), ref heldB);
        (await h.Store.GetStateAsync("a")).Should().BeNull();
        var next = a.Next();
        h.Store.Append(next, h.Time.GetUtcNow(), ref heldA);

        heldA.Should().NotBeSameAs(first, "a released stream is looked up again, not written to");
        (await h.Store.GetSnapshotAsync("a")).Should().BeSameAs(next);
        h.Store.JobCount.Should().Be(1);
    }

    [Fact]
    public async Task Append_WithAReferencePastItsDeadline_ReleasesItAndRecordsTheJobAnew()
    {
        using var h = new StreamStoreHarness(o => o.IdleTimeToLive = TimeSpan.FromMinutes(1));
        var a = new JobScript("a");
        JobStream? held = null;
        h.Store.Append(a.Next(), h.Time.GetUtcNow(), ref held);
        var first = held;

        h.Time.Advance(TimeSpan.FromMinutes(2));
        var next = a.Next();
        h.Store.Append(next, h.Time.GetUtcNow(), ref held);

        held.Should().NotBeSameAs(first);
        var read = await h.Store.ReadAsync("a", null);
        read.Outcome.Should().Be(ResumeOutcome.Truncated);
        read.State!.Snapshot.Should().BeSameAs(next);
        StreamStoreHarness.Sum(h.Released, "idle").Should().Be(1);
    }
}
