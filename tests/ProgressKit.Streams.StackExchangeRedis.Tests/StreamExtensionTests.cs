using ProgressKit.Events;
using ProgressKit.Streams.Shared;

namespace ProgressKit.Streams.StackExchangeRedis.Tests;

/// <summary>Extending Redis's state with this process's newer events follows the in-memory store's text rule.</summary>
public sealed class StreamExtensionTests
{
    [Fact]
    public void Extend_AddsNewerChunks_AndMovesTheSnapshotAndPosition()
    {
        var job = new JobScript("job-x");
        var first = job.Chunk("Hello ");
        var state = new JobStreamState(first, Position(first), new Dictionary<string, JobStreamText> { ["output"] = new("Hello ", 1, false) });

        var extended = StreamExtension.Extend(state, [job.Chunk("world"), job.Chunk("…", "other"), job.Progress()], new JobStreamStoreOptions());

        extended.Snapshot.Sequence.Should().Be(4);
        extended.Position.Should().Be(new JobStreamPosition(JobScript.Epoch, 4, 3));
        extended.Streams["output"].Should().BeEquivalentTo(new JobStreamText("Hello world", 2, false));
        extended.Streams["other"].Should().BeEquivalentTo(new JobStreamText("…", 1, false));
    }

    [Fact]
    public void Extend_PastTheBound_KeepsTheBeginningWithoutSplittingASurrogatePair_AndMarksItCut()
    {
        var job = new JobScript("job-x");
        var first = job.Chunk("abcdefgh");
        var state = new JobStreamState(first, Position(first), new Dictionary<string, JobStreamText> { ["output"] = new("abcdefgh", 1, false) });

        var extended = StreamExtension.Extend(state, [job.Chunk("i😀z"), job.Chunk("more")], new JobStreamStoreOptions { MaxStreamTextLength = 10 });

        extended.Streams["output"].Should().BeEquivalentTo(new JobStreamText("abcdefghi", 3, true));
    }

    [Fact]
    public void Extend_AChunkAfterAMissingOne_MarksTheStreamCut_AndStreamsPastTheBoundAreNotKept()
    {
        var job = new JobScript("job-x");
        var first = job.Chunk("a");
        job.Chunk("lost");
        var state = new JobStreamState(first, Position(first), new Dictionary<string, JobStreamText> { ["output"] = new("a", 1, false) });

        var extended = StreamExtension.Extend(state, [job.Chunk("c"), job.Chunk("x", "second")], new JobStreamStoreOptions { MaxStreamsPerJob = 1 });

        extended.Streams["output"].Should().BeEquivalentTo(new JobStreamText("a", 3, true));
        extended.Streams.Should().NotContainKey("second");
    }

    [Fact]
    public void Extend_NothingNewer_ReturnsTheStateItself()
    {
        var job = new JobScript("job-x");
        var first = job.Next();
        var state = new JobStreamState(first, Position(first), new Dictionary<string, JobStreamText>());

        StreamExtension.Extend(state, [], new JobStreamStoreOptions()).Should().BeSameAs(state);
    }

    private static JobStreamPosition Position(ProgressEvent e) => new(e.Epoch!, e.Sequence, e.KeptSequence!.Value);
}
