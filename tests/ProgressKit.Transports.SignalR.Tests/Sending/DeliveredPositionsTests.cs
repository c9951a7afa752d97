using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Sending;

namespace ProgressKit.Transports.SignalR.Tests.Sending;

public class DeliveredPositionsTests
{
    private const string Epoch = "019ae3f2c4e17f3a";
    private const string LaterEpoch = "019ae3f2c4e27f3a";

    [Fact]
    public void MaxEndedJobs_Is256() => DeliveredPositions.MaxEndedJobs.Should().Be(256);

    [Fact]
    public void TryAdvance_SecondCopyOrOlderEvent_IsRefused_NewerOneAndOtherJobsPass()
    {
        var delivered = new DeliveredPositions();

        delivered.TryAdvance(Event("j", 2)).Should().BeTrue();
        delivered.TryAdvance(Event("j", 2)).Should().BeFalse("a copy through another group");
        delivered.TryAdvance(Event("j", 1)).Should().BeFalse();
        delivered.TryAdvance(Event("k", 1)).Should().BeTrue();
        delivered.TryAdvance(Event("j", 3)).Should().BeTrue();
        delivered.TryAdvance(Event("j", 1, epoch: LaterEpoch)).Should().BeTrue("a job started over counts from 1 again");
        delivered.TryAdvance(Event("j", 9)).Should().BeFalse("an older epoch");
    }

    [Fact]
    public void TryAdvance_EndedJobs_AreForgottenOnlyPastTheBound_AndARestartedJobIsKept()
    {
        var delivered = new DeliveredPositions();
        delivered.TryAdvance(Event("restarted", 1, ProgressEventType.JobComplete));
        delivered.TryAdvance(Event("restarted", 1, epoch: LaterEpoch));
        for (var i = 0; i < DeliveredPositions.MaxEndedJobs; i++)
        {
            delivered.TryAdvance(Event($"job-{i}", 1, ProgressEventType.JobComplete));
        }

        delivered.Count.Should().Be(DeliveredPositions.MaxEndedJobs + 1, "the restarted job runs on; of the ended ones the oldest is forgotten");
        delivered.TryAdvance(Event("restarted", 1, epoch: LaterEpoch)).Should().BeFalse();
        delivered.TryAdvance(Event("job-1", 1, ProgressEventType.JobComplete)).Should().BeFalse();
    }

    private static ProgressEvent Event(string jobId, long seq, ProgressEventType type = ProgressEventType.Chunk, string epoch = Epoch) => new()
    {
        Type = type, JobId = jobId, Epoch = epoch, Sequence = seq, KeptSequence = seq, Timestamp = DateTimeOffset.UnixEpoch,
        Status = type.IsTerminal() ? JobStatus.Completed : JobStatus.Processing, Progress = 1,
    };
}
