using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Samples.Shared;
using ProgressKit.Samples.Shared.Jobs;
using ProgressKit.Samples.Shared.Pipeline;
using ProgressKit.Samples.Tests.Fakes;
using ProgressKit.State;

namespace ProgressKit.Samples.Tests.Jobs;

public class SampleJobRunnerTests
{
    [Fact]
    public async Task TryStart_ReturnsOnceTheJobIsAccepted_SoItsSnapshotExists()
    {
        await using var provider = Build(out _, out _);
        var runner = provider.GetRequiredService<SampleJobRunner>();

        runner.TryStart(SimulatedJobSettings.Default, "user-1", out var jobId).Should().BeTrue();

        jobId.Should().StartWith(SampleJobOptions.DefaultJobIdPrefix);
        JobId.IsValid(jobId).Should().BeTrue();
        var snapshot = await provider.GetRequiredService<IJobStateStore>().GetAsync(jobId!);
        snapshot!.UserId.Should().Be("user-1");
        snapshot.Sequence.Should().BeGreaterThanOrEqualTo(1);
        runner.RunningCount.Should().Be(1);
    }

    [Fact]
    public async Task TryStart_RunsThePipelineToTheEnd_ThenForgetsTheJob()
    {
        await using var provider = Build(out var clock, out var transport);
        var runner = provider.GetRequiredService<SampleJobRunner>();
        runner.TryStart(new SimulatedJobSettings { Duration = TimeSpan.FromSeconds(2) }, "user-1", out var jobId).Should().BeTrue();

        await clock.DriveAsync(runner.FindRun(jobId!)!);

        (await transport.WaitForEndAsync(jobId!))[^1].Type.Should().Be(ProgressEventType.JobComplete);
        runner.RunningCount.Should().Be(0);
        runner.FindRun(jobId!).Should().BeNull();
    }

    [Fact]
    public async Task TryStart_AtTheLimit_ReturnsFalse()
    {
        await using var provider = Build(out _, out _, o => o.MaxRunningJobs = 2);
        var runner = provider.GetRequiredService<SampleJobRunner>();

        runner.TryStart(SimulatedJobSettings.Default, "u", out _).Should().BeTrue();
        runner.TryStart(SimulatedJobSettings.Default, "u", out _).Should().BeTrue();
        runner.TryStart(SimulatedJobSettings.Default, "u", out var third).Should().BeFalse();

        third.Should().BeNull();
        runner.RunningCount.Should().Be(2);
    }

    [Fact]
    public async Task StoppingAsync_CancelsEveryPipeline_AndEachJobEndsAbandoned()
    {
        await using var provider = Build(out _, out var transport);
        var runner = provider.GetRequiredService<SampleJobRunner>();
        runner.TryStart(SimulatedJobSettings.Default, "u", out var first).Should().BeTrue();
        runner.TryStart(SimulatedJobSettings.Default, "u", out var second).Should().BeTrue();

        await runner.StoppingAsync(CancellationToken.None);
        await runner.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var jobId in new[] { first!, second! })
        {
            var last = (await transport.WaitForEndAsync(jobId))[^1];
            last.Type.Should().Be(ProgressEventType.JobFailed);
            last.Error!.Code.Should().Be("abandoned");
        }

        runner.IsStopping.Should().BeTrue();
        runner.TryStart(SimulatedJobSettings.Default, "u", out _).Should().BeFalse();
    }

    [Fact]
    public async Task AddSampleJobs_CalledTwice_RegistersTheRunnerAsOneHostedService()
    {
        var services = new ServiceCollection();
        services.AddSampleJobs();
        services.AddSampleJobs();

        await using var provider = services.BuildServiceProvider();

        provider.GetServices<IHostedService>().OfType<SampleJobRunner>().Should().ContainSingle()
            .Which.Should().BeSameAs(provider.GetRequiredService<SampleJobRunner>());
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Theory]
    [InlineData(0, "job-", "ProgressKit:Samples:MaxRunningJobs")]
    [InlineData(100_001, "job-", "ProgressKit:Samples:MaxRunningJobs")]
    [InlineData(10, "job id/", "ProgressKit:Samples:JobIdPrefix")]
    public async Task Options_Invalid_FailValidationNamingTheSetting(int maxRunningJobs, string prefix, string setting)
    {
        var services = new ServiceCollection();
        services.AddSampleJobs(o =>
        {
            o.MaxRunningJobs = maxRunningJobs;
            o.JobIdPrefix = prefix;
        });
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<SampleJobOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{setting}*");
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new SampleJobOptions();

        options.MaxRunningJobs.Should().Be(SampleJobOptions.DefaultMaxRunningJobs).And.Be(200);
        options.JobIdPrefix.Should().Be(SampleJobOptions.DefaultJobIdPrefix).And.Be("job-");
    }

    private static ServiceProvider Build(out SteppingTimeProvider clock, out RecordingTransport transport, Action<SampleJobOptions>? configure = null)
    {
        var stepping = new SteppingTimeProvider();
        var recording = new RecordingTransport();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(stepping);
        services.AddProgressKit(o => o.TimeProvider = stepping.View).AddTransport(_ => recording);
        services.AddSampleJobs(configure);
        clock = stepping;
        transport = recording;
        return services.BuildServiceProvider();
    }
}
