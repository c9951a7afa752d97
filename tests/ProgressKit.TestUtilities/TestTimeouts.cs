namespace ProgressKit.TestUtilities;

/// <summary>
/// Generous limits for awaiting signals in tests. They only bound how long a broken test hangs: a passing test
/// never waits for them, so they can be large enough for a loaded 2-core CI machine.
/// </summary>
public static class TestTimeouts
{
    /// <summary>How long to await a signal (a message, a callback, a state change): 30 seconds.</summary>
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(30);

    /// <summary>How long a local server or emulator may take to start (npm ci excluded): 60 seconds.</summary>
    public static readonly TimeSpan ServerStart = TimeSpan.FromSeconds(60);

    /// <summary>How long the first start may take when it must run <c>npm ci</c> first: 10 minutes.</summary>
    public static readonly TimeSpan FirstServerStart = TimeSpan.FromMinutes(10);

    /// <summary>Returns a token that cancels after <paramref name="timeout"/> (default <see cref="Signal"/>), for calls that take one.</summary>
    /// <param name="timeout">The limit; <see langword="null"/> for <see cref="Signal"/>.</param>
    /// <returns>The token source; dispose it.</returns>
    public static CancellationTokenSource CreateTokenSource(TimeSpan? timeout = null) => new(timeout ?? Signal);
}
