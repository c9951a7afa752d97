using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Samples.Shared.Pipeline;
using static ProgressKit.Samples.Shared.Pipeline.SimulatedPipelineNames;

namespace ProgressKit.Samples.Tests.Pipeline;

public class SimulatedAgentPipelineTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Run_Succeeds_PublishesTheWholeJobInOrder()
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-ok");

        await harness.RunAsync(job, new SimulatedJobSettings { Duration = Short });
        var events = await harness.Transport.WaitForEndAsync("job-ok");

        events.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        events.Select(e => e.Progress).Should().BeInAscendingOrder();
        events[0].Type.Should().Be(ProgressEventType.JobAccepted);
        events[1].Type.Should().Be(ProgressEventType.JobStarted);
        events.Where(e => e.Type == ProgressEventType.StageStarted).Select(e => e.Stage)
            .Should().Equal(LoadingAgentsStage, AgentsStage, SynthesizingStage, SavingStage);
        events.Where(e => e.Type == ProgressEventType.StageComplete).Select(e => e.Stage)
            .Should().Equal(LoadingAgentsStage, AgentsStage, SynthesizingStage, SavingStage);
        events[^1].Type.Should().Be(ProgressEventType.JobComplete);
        events[^1].Status.Should().Be(JobStatus.Completed);
        events[^1].Progress.Should().Be(100);
        events.Count(e => e.IsTerminal).Should().Be(1);
    }

    [Fact]
    public async Task Run_Succeeds_EachAgentInvokesCallsItsToolAndCompletesWithAConfidence()
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-agents");

        await harness.RunAsync(job, new SimulatedJobSettings { Duration = Short });
        var events = await harness.Transport.WaitForEndAsync("job-agents");

        foreach (var (agent, tool) in new[] { (GeoAgent, GeoTool), (TemporalAgent, TemporalTool) })
        {
            var statuses = events.Where(e => e.Agent?.Name == agent).ToList();
            statuses.Select(e => e.Agent!.Status).Should().Equal(AgentStatus.Invoking, AgentStatus.CallingTool, AgentStatus.Complete);
            statuses.Should().OnlyContain(e => e.Stage == AgentsStage);
            statuses[1].Agent!.Tool.Should().Be(tool);
            statuses[2].Agent!.Confidence.Should().BeInRange(0, 1);
        }
    }

    [Fact]
    public async Task Run_Succeeds_StreamsTheAnswerAsChunksThatMakeUpTheResults()
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-chunks");

        await harness.RunAsync(job, new SimulatedJobSettings { Duration = Short });
        var events = await harness.Transport.WaitForEndAsync("job-chunks");

        var chunks = events.Where(e => e.Type == ProgressEventType.Chunk).ToList();
        chunks.Should().HaveCountGreaterThan(5).And.OnlyContain(e => e.Stage == SynthesizingStage && e.Chunk!.Stream == AnswerStream);
        chunks.Select(e => e.Chunk!.Index).Should().Equal(Enumerable.Range(0, chunks.Count).Select(i => (long)i));
        var streamed = string.Concat(chunks.Select(e => e.Chunk!.Text));

        var results = events[^1].Results!.Value;
        results.GetProperty("answer").GetString().Should().Be(streamed);
        results.GetProperty("question").GetString().Should().NotBeNullOrEmpty();
        results.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Should().Equal(GeoAgent, TemporalAgent);
        results.GetProperty("agents").EnumerateArray().Should().OnlyContain(a => a.GetProperty("confidence").ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public async Task Run_DefaultDuration_TakesTwentySecondsOfClockTimeWithAnEtaThroughout()
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-eta");

        var elapsed = await harness.RunAsync(job, SimulatedJobSettings.Default);
        var events = await harness.Transport.WaitForEndAsync("job-eta");

        elapsed.Should().BeCloseTo(SimulatedJobSettings.DefaultDuration, TimeSpan.FromMilliseconds(50));
        var started = events.Single(e => e.Type == ProgressEventType.JobStarted).Timestamp;
        var updates = events.Where(e => e.Type == ProgressEventType.ProgressUpdate).ToList();
        updates.Should().HaveCountGreaterThan(40);
        updates.Where(e => e.Timestamp - started >= TimeSpan.FromSeconds(2))
            .Should().OnlyContain(e => e.EstimatedSecondsRemaining != null)
            .And.OnlyContain(e => Math.Abs(e.EstimatedSecondsRemaining!.Value - (20 - (e.Timestamp - started).TotalSeconds)) < 0.5,
                "the stage weights match the stages' shares of time, so the handle's average-rate estimate is exact");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(120)]
    public async Task Run_Duration_ScalesTheJobAndReportsAtLeastEverySecond(int seconds)
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-scaled");

        var elapsed = await harness.RunAsync(job, new SimulatedJobSettings { Duration = TimeSpan.FromSeconds(seconds) });
        var events = await harness.Transport.WaitForEndAsync("job-scaled");

        elapsed.Should().BeCloseTo(TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(50));
        events.Zip(events.Skip(1), (a, b) => b.Timestamp - a.Timestamp).Should().OnlyContain(gap => gap <= SimulatedAgentPipeline.MaxReportInterval);
        events[^1].Type.Should().Be(ProgressEventType.JobComplete);
    }

    [Fact]
    public async Task Run_Fail_EndsWithJobFailedAndTheAgentTimeoutCodeDuringTheAgentsStage()
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-fail");

        await harness.RunAsync(job, new SimulatedJobSettings { Duration = Short, Fail = true });
        var events = await harness.Transport.WaitForEndAsync("job-fail");

        var last = events[^1];
        last.Type.Should().Be(ProgressEventType.JobFailed);
        last.Status.Should().Be(JobStatus.Failed);
        last.Error!.Code.Should().Be(FailureCode);
        last.Error.Message.Should().Contain(TemporalAgent);
        last.Progress.Should().BeLessThan(100);
        events[^2].Agent.Should().BeEquivalentTo(new { Name = TemporalAgent, Status = AgentStatus.Failed });
        events.Should().NotContain(e => e.Type == ProgressEventType.Chunk || e.Type == ProgressEventType.JobComplete);
        job.Status.Should().Be(JobStatus.Failed);
    }

    [Fact]
    public async Task Run_ClientCancels_StopsPromptlyAndTheJobEndsCancelled()
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-cancel");
        var run = harness.Pipeline.RunAsync(job, SimulatedJobSettings.Default);

        // The clock never moves: the pipeline waits in its first stage until the cancel request stops it.
        await harness.Clock.NextTimerAsync();
        harness.Cancellation.TryRequestCancellation("job-cancel").Should().BeTrue();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        var events = await harness.Transport.WaitForEndAsync("job-cancel");

        events[^1].Type.Should().Be(ProgressEventType.JobCancelled);
        events[^1].Status.Should().Be(JobStatus.Cancelled);
        events.Count(e => e.IsTerminal).Should().Be(1);
        job.CancellationToken.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task Run_Stopping_ThrowsAndTheDisposedHandleReportsTheJobAbandoned()
    {
        await using var harness = new PipelineHarness();
        var job = harness.Accept("job-stop");
        using var stopping = new CancellationTokenSource();
        var run = harness.Pipeline.RunAsync(job, SimulatedJobSettings.Default, stopping.Token);

        await harness.Clock.NextTimerAsync();
        await stopping.CancelAsync();
        var act = () => run.WaitAsync(TimeSpan.FromSeconds(10));
        await act.Should().ThrowAsync<OperationCanceledException>();
        await job.DisposeAsync();
        var events = await harness.Transport.WaitForEndAsync("job-stop");

        events[^1].Type.Should().Be(ProgressEventType.JobFailed);
        events[^1].Error!.Code.Should().Be("abandoned");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3601)]
    public async Task Run_DurationOutOfRange_Throws(int seconds)
    {
        await using var harness = new PipelineHarness();
        await using var job = harness.Accept("job-bad");

        var act = () => harness.Pipeline.RunAsync(job, new SimulatedJobSettings { Duration = TimeSpan.FromSeconds(seconds) });

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Stages_AreTheFourStagesInOrderWithPositiveWeights()
    {
        SimulatedAgentPipeline.Stages.Select(s => s.Name).Should().Equal(LoadingAgentsStage, AgentsStage, SynthesizingStage, SavingStage);
        SimulatedAgentPipeline.Stages.Should().OnlyContain(s => s.Weight > 0);
    }

    [Fact]
    public void Defaults_ArePinned()
    {
        SimulatedJobSettings.DefaultDuration.Should().Be(TimeSpan.FromSeconds(20));
        SimulatedJobSettings.MaxDuration.Should().Be(TimeSpan.FromHours(1));
        SimulatedJobSettings.Default.Fail.Should().BeFalse();
        SimulatedAgentPipeline.MaxReportInterval.Should().Be(TimeSpan.FromSeconds(1));
    }
}
