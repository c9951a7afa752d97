using ProgressKit.State;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

public class JobStreamStoreOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new JobStreamStoreOptions();

        options.MaxJobs.Should().Be(10_000).And.Be(JobStreamStoreOptions.DefaultMaxJobs);
        options.MaxEventsPerJob.Should().Be(1_000).And.Be(JobStreamStoreOptions.DefaultMaxEventsPerJob);
        options.MaxBytesPerJob.Should().Be(1_048_576).And.Be(JobStreamStoreOptions.DefaultMaxBytesPerJob);
        options.MaxTotalEvents.Should().Be(200_000).And.Be(JobStreamStoreOptions.DefaultMaxTotalEvents);
        options.MaxTotalBytes.Should().Be(64L * 1024 * 1024).And.Be(JobStreamStoreOptions.DefaultMaxTotalBytes);
        options.MaxStreamTextLength.Should().Be(65_536).And.Be(JobStreamStoreOptions.DefaultMaxStreamTextLength);
        options.MaxStreamsPerJob.Should().Be(16).And.Be(JobStreamStoreOptions.DefaultMaxStreamsPerJob);
        options.MaxReplayEvents.Should().Be(1_000).And.Be(JobStreamStoreOptions.DefaultMaxReplayEvents);
        options.FinishedJobRetention.Should().Be(TimeSpan.FromHours(2)).And.Be(JobStateStoreOptions.DefaultTimeToLive, "today's snapshot lifetime");
        options.IdleTimeToLive.Should().Be(TimeSpan.FromHours(2));
        options.ExpiryScanInterval.Should().Be(TimeSpan.FromSeconds(30));
        options.ContinueFromSharedStore.Should().BeTrue().And.Be(JobStreamStoreOptions.DefaultContinueFromSharedStore);
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        new JobStreamStoreOptionsValidator().Validate(null, new JobStreamStoreOptions()).Succeeded.Should().BeTrue();

    [Theory]
    [InlineData(nameof(JobStreamStoreOptions.MaxJobs))]
    [InlineData(nameof(JobStreamStoreOptions.MaxEventsPerJob))]
    [InlineData(nameof(JobStreamStoreOptions.MaxBytesPerJob))]
    [InlineData(nameof(JobStreamStoreOptions.MaxTotalEvents))]
    [InlineData(nameof(JobStreamStoreOptions.MaxTotalBytes))]
    [InlineData(nameof(JobStreamStoreOptions.MaxStreamTextLength))]
    [InlineData(nameof(JobStreamStoreOptions.MaxStreamsPerJob))]
    [InlineData(nameof(JobStreamStoreOptions.MaxReplayEvents))]
    [InlineData(nameof(JobStreamStoreOptions.FinishedJobRetention))]
    [InlineData(nameof(JobStreamStoreOptions.IdleTimeToLive))]
    [InlineData(nameof(JobStreamStoreOptions.ExpiryScanInterval))]
    public void Validate_OutOfRange_NamesTheSetting(string setting)
    {
        var options = new JobStreamStoreOptions();
        var property = typeof(JobStreamStoreOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.FromDays(-1) : Convert.ChangeType(-1, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = new JobStreamStoreOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().ContainSingle().Which.Should().StartWith($"ProgressKit:Streams:{setting} must be between");
    }
}
