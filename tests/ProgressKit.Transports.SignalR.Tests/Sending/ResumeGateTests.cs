using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Sending;

namespace ProgressKit.Transports.SignalR.Tests.Sending;

/// <summary>The resume gate's states without sockets: hold while the replay is sent, then filter, then close.</summary>
public class ResumeGateTests
{
    private const string Epoch = "019ae3f2c4e17f3a";

    [Fact]
    public void StartSend_NoResume_SendsToEveryone()
    {
        var gate = new ResumeGate();

        Send(gate, Event(1)).Should().BeNull();
    }

    [Fact]
    public void Holding_HoldsLiveEventsAndKeepsThemFromTheConnection()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");

        Send(gate, Event(5)).Should().Equal("c1");
        Send(gate, Event(6)).Should().Equal("c1");

        Release(gate, resume, Epoch, 4).Should().Equal(5, 6);
    }

    [Fact]
    public void Filtering_KeepsEventsTheConnectionHasFromIt_AndTheFirstNewerOneEndsTheResume()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Release(gate, resume, Epoch, 10).Should().BeEmpty();

        Send(gate, Event(9)).Should().Equal(["c1"], "the lane is behind what the connection was replayed");
        Send(gate, Event(10)).Should().Equal("c1");
        Send(gate, Event(11)).Should().BeNull("the first newer event reaches the connection through the groups");
        Send(gate, Event(12)).Should().BeNull();
        gate.IsClosed(resume).Should().BeTrue();
        gate.OpenCount.Should().Be(0);
    }

    [Fact]
    public void Filtering_TerminalEventTheConnectionHas_EndsTheResume()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Release(gate, resume, Epoch, 8);

        Send(gate, Event(8, ProgressEventType.JobComplete)).Should().Equal("c1");

        gate.IsClosed(resume).Should().BeTrue();
    }

    [Fact]
    public void Holding_TerminalEventReleased_EndsTheResume()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Send(gate, Event(5));
        Send(gate, Event(6, ProgressEventType.JobComplete));

        Release(gate, resume, Epoch, 4).Should().Equal(5, 6);

        gate.IsClosed(resume).Should().BeTrue("the lane already sent the job's terminal event: no later event would end the resume");
        gate.OpenCount.Should().Be(0);
    }

    [Fact]
    public void Release_HeldEventsTheReplaySent_AreNotSentAgain()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Send(gate, Event(3));
        Send(gate, Event(4));
        Send(gate, Event(5));

        Release(gate, resume, Epoch, 4).Should().Equal(5);

        Send(gate, Event(5)).Should().Equal(["c1"], "the connection was sent it");
        Send(gate, Event(6)).Should().BeNull();
    }

    [Fact]
    public async Task Release_SendsWhatIsHeldWhenCalled_AndFiltersAtOnceWithoutWaitingForTheSends()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Send(gate, Event(5));
        Send(gate, Event(6));
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new List<long>();

        var release = gate.ReleaseAsync(resume, Epoch, 4, e =>
        {
            started.Add(e.Sequence);
            return written.Task;
        });

        // Started in order before the resume filters; a later live event reaches the connection through the groups,
        // written after them, instead of being held until the job pauses.
        started.Should().Equal(5, 6);
        release.IsCompleted.Should().BeFalse();
        Send(gate, Event(6)).Should().Equal(["c1"], "the connection was sent it");
        Send(gate, Event(7)).Should().BeNull();
        gate.IsClosed(resume).Should().BeTrue();
        written.SetResult();
        (await release).Should().Be(2);
    }

    [Fact]
    public void Filtering_NewerEpoch_IsAfterWhateverSeq()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Release(gate, resume, Epoch, 50);

        Send(gate, Event(1, epoch: "019ae3f2c4e27f3a")).Should().BeNull();

        gate.IsClosed(resume).Should().BeTrue();
    }

    [Fact]
    public void UnknownJob_NothingSent_ClosesAtOnce()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");

        Release(gate, resume, throughEpoch: null, throughSequence: 0).Should().BeEmpty();

        gate.IsClosed(resume).Should().BeTrue();
        Send(gate, Event(1)).Should().BeNull();
    }

    [Fact]
    public void ResumingAgain_ReplacesTheConnectionsEarlierResume_AndOtherConnectionsAreIndependent()
    {
        var gate = new ResumeGate();
        var first = gate.Open("j", "c1");
        var other = gate.Open("j", "c2");

        var second = gate.Open("j", "c1");

        gate.IsClosed(first).Should().BeTrue();
        Send(gate, Event(3)).Should().BeEquivalentTo(["c1", "c2"]);
        gate.Close(second);
        gate.CloseIfHolding(other);
        gate.OpenCount.Should().Be(0);
    }

    [Fact]
    public void CloseIfHolding_KeepsAResumeThatFilters()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Release(gate, resume, Epoch, 3);

        gate.CloseIfHolding(resume);

        gate.IsClosed(resume).Should().BeFalse("it still keeps what a lagging lane repeats from the connection");
        Send(gate, Event(2)).Should().Equal("c1");
    }

    [Fact]
    public void ShouldDeliver_BackplaneEventWhileHolding_IsHeldForTheConnectionOnly()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");

        gate.IsResuming("c1").Should().BeTrue();
        gate.ShouldDeliver("c1", Event(5)).Should().BeFalse("it is released after the replay when newer than what was sent");
        gate.ShouldDeliver("c2", Event(5)).Should().BeTrue("another connection does not resume the job");
        gate.ShouldDeliver("c1", Event(5, jobId: "k")).Should().BeTrue("the connection does not resume that job");
        Release(gate, resume, Epoch, 4).Should().Equal(5);
    }

    [Fact]
    public void ShouldDeliver_BackplaneEventWhileFiltering_KeepsWhatTheConnectionWasSent_AndTheFirstNewerOneEndsTheResume()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Release(gate, resume, Epoch, 10);

        gate.ShouldDeliver("c1", Event(10)).Should().BeFalse("the replay sent it");
        gate.ShouldDeliver("c1", Event(11)).Should().BeTrue();

        gate.IsClosed(resume).Should().BeTrue();
        gate.IsResuming("c1").Should().BeFalse();
        gate.ShouldDeliver("c1", Event(9)).Should().BeTrue("a closed resume filters nothing");
    }

    [Fact]
    public void ShouldDeliver_BackplaneTerminalEventTheConnectionWasSent_EndsTheResume()
    {
        var gate = new ResumeGate();
        var resume = gate.Open("j", "c1");
        Release(gate, resume, Epoch, 8);

        gate.ShouldDeliver("c1", Event(8, ProgressEventType.JobComplete)).Should().BeFalse();

        gate.IsClosed(resume).Should().BeTrue();
        gate.IsResuming("c1").Should().BeFalse();
    }

    private static List<long> Release(ResumeGate gate, PendingResume resume, string? throughEpoch, long throughSequence)
    {
        var sent = new List<long>();
        gate.ReleaseAsync(resume, throughEpoch, throughSequence, e =>
        {
            sent.Add(e.Sequence);
            return Task.CompletedTask;
        }).IsCompletedSuccessfully.Should().BeTrue();
        return sent;
    }

    private static IReadOnlyList<string>? Send(ResumeGate gate, ProgressEvent progressEvent)
    {
        IReadOnlyList<string>? excluded = null;
        gate.StartSend(progressEvent, e =>
        {
            excluded = e;
            return Task.CompletedTask;
        }).IsCompletedSuccessfully.Should().BeTrue();
        return excluded;
    }

    private static ProgressEvent Event(long seq, ProgressEventType type = ProgressEventType.Chunk, string epoch = Epoch, string jobId = "j") => new()
    {
        Type = type, JobId = jobId, Epoch = epoch, Sequence = seq, KeptSequence = seq, Timestamp = DateTimeOffset.UnixEpoch,
        Status = type.IsTerminal() ? JobStatus.Completed : JobStatus.Processing, Progress = 1,
    };
}
