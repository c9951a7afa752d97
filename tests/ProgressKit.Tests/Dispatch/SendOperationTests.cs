using ProgressKit.Dispatch;
using ProgressKit.Events;
using ProgressKit.Tests.Fakes;
using ProgressKit.Transports;

namespace ProgressKit.Tests.Dispatch;

/// <summary><see cref="SendOperation"/>'s attempts, driven by hand: no pipeline, no clock, transports gated by tasks.</summary>
public class SendOperationTests
{
    [Fact]
    public async Task AttemptIgnoringCancellation_IsAbandoned_ARetryWaitsForIt_AndItsSuccessIsTheRetrysSuccess()
    {
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new ScriptedTransport(hung.Task);
        var operation = new SendOperation(transport, LaneEvents.Of("j", 1, ProgressEventType.Chunk), default, null);
        using var firstTimeout = new CancellationTokenSource();

        var first = operation.AttemptAsync(firstTimeout.Token).AsTask();
        await firstTimeout.CancelAsync();
        await FluentActions.Awaiting(() => first).Should().ThrowAsync<OperationCanceledException>();
        operation.HasAbandonedAttempts.Should().BeTrue("the transport ignored its cancellation and still runs");

        var retry = operation.AttemptAsync(CancellationToken.None).AsTask();
        retry.IsCompleted.Should().BeFalse("the retry waits for the abandoned attempt instead of overlapping it");
        hung.SetResult();
        await retry.WaitAsync(TestTimeouts.Signal);

        transport.Calls.Should().Be(1, "the abandoned attempt delivered the event: no second transport call");
    }

    [Fact]
    public async Task AbandonedAttemptFails_TheRetryCallsTheTransport()
    {
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new ScriptedTransport(hung.Task, Task.CompletedTask);
        var operation = new SendOperation(transport, LaneEvents.Of("j", 1, ProgressEventType.Chunk), default, null);
        using var firstTimeout = new CancellationTokenSource();
        var first = operation.AttemptAsync(firstTimeout.Token).AsTask();
        await firstTimeout.CancelAsync();
        await FluentActions.Awaiting(() => first).Should().ThrowAsync<OperationCanceledException>();

        hung.SetException(new TransportException("503", TransportFailureKind.Transient));
        await operation.AttemptAsync(CancellationToken.None);

        transport.Calls.Should().Be(2);
        operation.HasAbandonedAttempts.Should().BeFalse();
    }

    [Fact]
    public async Task FastPathAttemptThePipelineNeverRan_IsAdopted_ItsOutcomeDecides_ItsFaultIsObserved()
    {
        var pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var tokens = new CancellationTokenSource();
        var succeeded = new SendOperation(new ScriptedTransport(), LaneEvents.Of("j", 1, ProgressEventType.Chunk), new ValueTask(pending.Task), tokens);

        succeeded.AdoptUnconsumedStartedAttempt();
        succeeded.HasUnsettledAbandonedAttempts.Should().BeTrue();
        pending.SetResult();
        (await succeeded.AbandonedAttemptSucceededAsync(CancellationToken.None)).Should().BeTrue("it delivered the event: not to be sent again");

        var faulting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var otherTokens = new CancellationTokenSource();
        var failed = new SendOperation(new ScriptedTransport(), LaneEvents.Of("j", 2, ProgressEventType.Chunk), new ValueTask(faulting.Task), otherTokens);
        failed.AdoptUnconsumedStartedAttempt();
        faulting.SetException(new InvalidOperationException("fault"));
        (await failed.AbandonedAttemptSucceededAsync(CancellationToken.None)).Should().BeFalse();
        otherTokens.IsCancellationRequested.Should().BeTrue("an adopted attempt is cancelled: nothing waits for it any longer");
    }

    /// <summary>Answers each call with the next scripted task (completed once the script runs out).</summary>
    private sealed class ScriptedTransport(params Task[] answers) : IProgressTransport
    {
        private int _calls;

        public string Name => "scripted";

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls) - 1;
            return new ValueTask(call < answers.Length ? answers[call] : Task.CompletedTask);
        }
    }
}
