using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ProgressKit.Diagnostics;

/// <summary>
/// The <see cref="ILogger{TCategoryName}"/> that <c>AddProgressKit</c> registers (with TryAdd) so that ProgressKit
/// resolves on a bare service collection: it writes to the application's <see cref="ILoggerFactory"/> whenever one is
/// registered, before or after <c>AddProgressKit</c>, and to nowhere otherwise.
/// </summary>
/// <remarks>
/// ProgressKit never registers an <see cref="ILoggerFactory"/> itself: a registered null factory made a later
/// <c>AddLogging()</c>'s TryAdd a no-op and silenced the whole application.
/// </remarks>
internal sealed class FallbackLogger<T>(IServiceProvider services) : ILogger<T>
{
    private readonly ILogger _inner = ProgressKitLoggerFactory.From(services).CreateLogger<T>();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _inner.Log(logLevel, eventId, state, exception, formatter);
}

/// <summary>Finds the application's logger factory, or the null one inside ProgressKit only.</summary>
internal static class ProgressKitLoggerFactory
{
    public static ILoggerFactory From(IServiceProvider services) => services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
