using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ProgressKit.Samples.Tests.Fakes;

/// <summary>
/// A fake clock that reports each timer the code under test creates, so that a test can advance time by exactly
/// the awaited delay, one delay after the other: a 20-second pipeline runs in milliseconds, deterministically.
/// </summary>
public sealed class SteppingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public SteppingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Gets a read-only view of this clock (its time, but real timers), for code whose timers the test must not drive.</summary>
    public TimeProvider View => new ClockView(this);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until the code under test creates its next timer, and returns the timer's due time.</summary>
    public ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken = default) => _timers.Reader.ReadAsync(cancellationToken);

    /// <summary>
    /// Advances the clock timer after timer until <paramref name="run"/> completes; returns the clock time that passed.
    /// <paramref name="beforeEachStep"/> runs while the code under test waits, before the clock moves on.
    /// </summary>
    public async Task<TimeSpan> DriveAsync(Task run, Func<Task>? beforeEachStep = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var started = GetUtcNow();
        while (true)
        {
            var next = NextTimerAsync(cts.Token).AsTask();
            if (await Task.WhenAny(next, run).WaitAsync(cts.Token) == run)
            {
                await run;
                return GetUtcNow() - started;
            }

            var due = await next;
            if (beforeEachStep is not null)
            {
                await beforeEachStep();
            }

            Advance(due);
        }
    }

    private sealed class ClockView(TimeProvider clock) : TimeProvider
    {
        public override long TimestampFrequency => clock.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime, period);
    }
}
