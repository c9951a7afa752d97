using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Jobs;
using ProgressKit.Samples.Shared.Pipeline;
using ProgressKit.Samples.Tests.Fakes;

namespace ProgressKit.Samples.Tests.Pipeline;

/// <summary>A publisher with a recording transport, and a pipeline on a stepping fake clock that the publisher reads too.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public PipelineHarness()
    {
        var services = new ServiceCollection();
        services.AddProgressKit(o => o.TimeProvider = Clock.View).AddTransport(_ => Transport);
        _provider = services.BuildServiceProvider();
        Publisher = _provider.GetRequiredService<IProgressPublisher>();
        Cancellation = _provider.GetRequiredService<IJobCancellation>();
        Pipeline = new SimulatedAgentPipeline(Clock);
    }

    public SteppingTimeProvider Clock { get; } = new();

    public RecordingTransport Transport { get; } = new();

    public IProgressPublisher Publisher { get; }

    public IJobCancellation Cancellation { get; }

    public SimulatedAgentPipeline Pipeline { get; }

    /// <summary>
    /// Runs the pipeline on the fake clock, waiting at every step until the transport has what was published so far:
    /// without that a whole job is published in microseconds and the dispatcher rightly coalesces progress updates.
    /// </summary>
    public Task<TimeSpan> RunAsync(IProgressJob job, SimulatedJobSettings settings) =>
        Clock.DriveAsync(
            Pipeline.RunAsync(job, settings),
            async () => (await Publisher.FlushAsync(TimeSpan.FromSeconds(10))).Should().BeTrue());

    public IProgressJob Accept(string jobId) => Publisher.AcceptJob(jobId, "user-1", stages: SimulatedAgentPipeline.Stages);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
