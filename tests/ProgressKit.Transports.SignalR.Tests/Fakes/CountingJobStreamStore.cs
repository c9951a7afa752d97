using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Transports.SignalR.Tests.Fakes;

/// <summary>Wraps the registered <see cref="IJobStreamStore"/> and counts the appends of each job (a shared store writes each one to its server).</summary>
public sealed class CountingJobStreamStore(IJobStreamStore inner) : IJobStreamStore
{
    private readonly ConcurrentDictionary<string, int> _appends = new(StringComparer.Ordinal);

    /// <summary>Replaces the stream store registered so far with a counting wrapper around it.</summary>
    public static void Register(IProgressKitBuilder builder, Action<CountingJobStreamStore> created)
    {
        var registered = builder.Services.Last(d => d.ServiceType == typeof(IJobStreamStore));
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobStreamStore>(sp =>
        {
            var counting = new CountingJobStreamStore((IJobStreamStore)registered.ImplementationFactory!(sp));
            created(counting);
            return counting;
        }));
    }

    public int Appends(string jobId) => _appends.GetValueOrDefault(jobId);

    public void Append(ProgressEvent progressEvent)
    {
        _appends.AddOrUpdate(progressEvent.JobId, 1, static (_, count) => count + 1);
        inner.Append(progressEvent);
    }

    public JobStreamState? GetLocalState(string jobId) => inner.GetLocalState(jobId);

    public ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default) => inner.GetStateAsync(jobId, cancellationToken);

    public ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(jobId, cursor, cancellationToken);
}
