using Microsoft.Extensions.Options;

namespace ProgressKit;

/// <summary>Validates <see cref="ProgressKitOptions"/>; every failure names the setting, as configured under <c>ProgressKit:</c>.</summary>
internal sealed class ProgressKitOptionsValidator : IValidateOptions<ProgressKitOptions>
{
    private const string Prefix = "ProgressKit:";

    public ValidateOptionsResult Validate(string? name, ProgressKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(failures, nameof(options.BufferCapacity), options.BufferCapacity, 16, 10_000_000);
        Range(failures, nameof(options.MaxConcurrentSendsPerTransport), options.MaxConcurrentSendsPerTransport, 1, 1024);
        Range(failures, nameof(options.MaxTrackedJobs), options.MaxTrackedJobs, 1, 10_000_000);
        Range(failures, nameof(options.MinProgressInterval), options.MinProgressInterval, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range(failures, nameof(options.DrainTimeout), options.DrainTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Range(failures, nameof(options.CancellationPollInterval), options.CancellationPollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10));
        if (options.Source is { Length: > 128 })
        {
            failures.Add($"{Prefix}{nameof(options.Source)} must be at most 128 characters (got {options.Source.Length}).");
        }

        if (options.TimeProvider is null)
        {
            failures.Add($"{Prefix}{nameof(options.TimeProvider)} must not be null.");
        }

        var r = options.Resilience;
        const string Resilience = nameof(ProgressKitOptions.Resilience) + ":";
        Range(failures, Resilience + nameof(r.AttemptTimeout), r.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        Range(failures, Resilience + nameof(r.MaxRetryAttempts), r.MaxRetryAttempts, 0, 20);
        Range(failures, Resilience + nameof(r.RetryBaseDelay), r.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range(failures, Resilience + nameof(r.RetryMaxDelay), r.RetryMaxDelay, r.RetryBaseDelay, TimeSpan.FromMinutes(5));
        if (!(r.CircuitFailureRatio > 0 && r.CircuitFailureRatio <= 1))
        {
            failures.Add($"{Prefix}{Resilience}{nameof(r.CircuitFailureRatio)} must be more than 0 and at most 1 (got {r.CircuitFailureRatio}).");
        }

        Range(failures, Resilience + nameof(r.CircuitMinimumThroughput), r.CircuitMinimumThroughput, 2, 100_000);
        Range(failures, Resilience + nameof(r.CircuitSamplingDuration), r.CircuitSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1));
        Range(failures, Resilience + nameof(r.CircuitBreakDuration), r.CircuitBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1));

        var s = options.StateStore;
        const string Store = nameof(ProgressKitOptions.StateStore) + ":";
        Range(failures, Store + nameof(s.MaxJobs), s.MaxJobs, 1, 10_000_000);
        Range(failures, Store + nameof(s.TimeToLive), s.TimeToLive, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));

        Streams.JobStreamStoreOptionsValidator.Validate(Prefix + nameof(ProgressKitOptions.Streams) + ":", options.Streams, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range<T>(List<string> failures, string setting, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{Prefix}{setting} must be between {min} and {max} (got {value}).");
        }
    }
}
