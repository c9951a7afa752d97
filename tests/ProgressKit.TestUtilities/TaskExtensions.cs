using System.Runtime.CompilerServices;

namespace ProgressKit.TestUtilities;

/// <summary>Awaiting signals in tests with a limit, so a missing signal fails the test with a clear message instead of hanging it.</summary>
public static class TaskExtensions
{
    /// <summary>Awaits <paramref name="task"/> for at most <paramref name="timeout"/> (default <see cref="TestTimeouts.Signal"/>).</summary>
    /// <param name="task">The signal to await.</param>
    /// <param name="timeout">The limit; <see langword="null"/> for <see cref="TestTimeouts.Signal"/>.</param>
    /// <param name="what">Filled in by the compiler with the awaited expression, for the failure message.</param>
    /// <returns>A task that completes as <paramref name="task"/> does.</returns>
    /// <exception cref="TimeoutException"><paramref name="task"/> did not complete in time.</exception>
    public static async Task WithTimeout(this Task task, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(task))] string? what = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = timeout ?? TestTimeouts.Signal;
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw new TimeoutException($"'{what}' did not complete within {limit.TotalSeconds:0.###} s.", e);
        }
    }

    /// <summary>Awaits <paramref name="task"/> for at most <paramref name="timeout"/> (default <see cref="TestTimeouts.Signal"/>) and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The signal to await.</param>
    /// <param name="timeout">The limit; <see langword="null"/> for <see cref="TestTimeouts.Signal"/>.</param>
    /// <param name="what">Filled in by the compiler with the awaited expression, for the failure message.</param>
    /// <returns>The task's result.</returns>
    /// <exception cref="TimeoutException"><paramref name="task"/> did not complete in time.</exception>
    public static async Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(task))] string? what = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = timeout ?? TestTimeouts.Signal;
        try
        {
            return await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw new TimeoutException($"'{what}' did not complete within {limit.TotalSeconds:0.###} s.", e);
        }
    }

    /// <summary>Awaits a <see cref="ValueTask{TResult}"/> with a limit (see <see cref="WithTimeout{T}(Task{T}, TimeSpan?, string?)"/>).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The signal to await.</param>
    /// <param name="timeout">The limit; <see langword="null"/> for <see cref="TestTimeouts.Signal"/>.</param>
    /// <param name="what">Filled in by the compiler with the awaited expression, for the failure message.</param>
    /// <returns>The task's result.</returns>
    public static Task<T> WithTimeout<T>(this ValueTask<T> task, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(task))] string? what = null) =>
        task.AsTask().WithTimeout(timeout, what);
}
