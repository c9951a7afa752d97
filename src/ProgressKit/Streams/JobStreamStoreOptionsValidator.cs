using Microsoft.Extensions.Options;

namespace ProgressKit.Streams;

/// <summary>Validates <see cref="JobStreamStoreOptions"/>; every failure names the setting, with its configuration prefix.</summary>
internal sealed class JobStreamStoreOptionsValidator : IValidateOptions<JobStreamStoreOptions>
{
    /// <summary>The configuration path of the options when they stand alone.</summary>
    public const string DefaultPrefix = "ProgressKit:Streams:";

    public ValidateOptionsResult Validate(string? name, JobStreamStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Validate(DefaultPrefix, options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds a message naming the setting for every invalid value of <paramref name="options"/>.</summary>
    public static void Validate(string prefix, JobStreamStoreOptions options, List<string> failures)
    {
        Range(failures, prefix, nameof(options.MaxJobs), options.MaxJobs, 1, 10_000_000);
        Range(failures, prefix, nameof(options.MaxEventsPerJob), options.MaxEventsPerJob, 1, 1_000_000);
        Range(failures, prefix, nameof(options.MaxBytesPerJob), options.MaxBytesPerJob, 1L << 10, 1L << 30);
        Range(failures, prefix, nameof(options.MaxTotalEvents), options.MaxTotalEvents, 1, 100_000_000);
        Range(failures, prefix, nameof(options.MaxTotalBytes), options.MaxTotalBytes, 1L << 10, 64L << 30);
        Range(failures, prefix, nameof(options.MaxStreamTextLength), options.MaxStreamTextLength, 0, 100_000_000);
        Range(failures, prefix, nameof(options.MaxStreamsPerJob), options.MaxStreamsPerJob, 0, 10_000);
        Range(failures, prefix, nameof(options.MaxReplayEvents), options.MaxReplayEvents, 0, 1_000_000);
        Range(failures, prefix, nameof(options.FinishedJobRetention), options.FinishedJobRetention, TimeSpan.Zero, TimeSpan.FromDays(30));
        Range(failures, prefix, nameof(options.IdleTimeToLive), options.IdleTimeToLive, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
        Range(failures, prefix, nameof(options.ExpiryScanInterval), options.ExpiryScanInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every invalid setting; for construction without a host.</summary>
    public static void ThrowIfInvalid(JobStreamStoreOptions options)
    {
        var result = new JobStreamStoreOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(JobStreamStoreOptions), result.Failures);
        }
    }

    private static void Range<T>(List<string> failures, string prefix, string setting, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{prefix}{setting} must be between {min} and {max} (got {value}).");
        }
    }
}
