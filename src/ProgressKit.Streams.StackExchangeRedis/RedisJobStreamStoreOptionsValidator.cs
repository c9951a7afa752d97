using Microsoft.Extensions.Options;

namespace ProgressKit.Streams.StackExchangeRedis;

/// <summary>Validates <see cref="RedisJobStreamStoreOptions"/>; every failure names the setting.</summary>
internal sealed class RedisJobStreamStoreOptionsValidator : IValidateOptions<RedisJobStreamStoreOptions>
{
    internal const string Prefix = "ProgressKit:Streams:Redis:";

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, RedisJobStreamStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every invalid setting, for stores built without a host.</summary>
    public static void ThrowIfInvalid(RedisJobStreamStoreOptions options)
    {
        var failures = Failures(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(string.Empty, typeof(RedisJobStreamStoreOptions), failures);
        }
    }

    private static List<string> Failures(RedisJobStreamStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add($"{Prefix}{nameof(options.Configuration)} is required (a StackExchange.Redis configuration string, for example \"redis:6379\").");
        }

        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > RedisJobStreamStoreOptions.MaxKeyPrefixLength
            || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"{Prefix}{nameof(options.KeyPrefix)} must be 1 to {RedisJobStreamStoreOptions.MaxKeyPrefixLength} characters without braces.");
        }

        if (options.WriteQueueCapacity is < 1 or > 10_000_000)
        {
            failures.Add($"{Prefix}{nameof(options.WriteQueueCapacity)} must be between 1 and 10,000,000 (was {options.WriteQueueCapacity}).");
        }

        if (options.MaxJobs is < 1 or > 10_000_000)
        {
            failures.Add($"{Prefix}{nameof(options.MaxJobs)} must be between 1 and 10,000,000 (was {options.MaxJobs}).");
        }

        if (options.MaxTotalBytes is < 1L << 20 or > 1L << 40)
        {
            failures.Add($"{Prefix}{nameof(options.MaxTotalBytes)} must be between 1 MiB (1,048,576) and 1 TiB (1,099,511,627,776) (was {options.MaxTotalBytes}).");
        }

        Range(failures, nameof(options.OperationTimeout), options.OperationTimeout, MinTimeout);
        Range(failures, nameof(options.ConnectTimeout), options.ConnectTimeout, MinTimeout);
        Range(failures, nameof(options.RetryDelay), options.RetryDelay, MinRetryDelay);
        return failures;
    }

    private static void Range(List<string> failures, string setting, TimeSpan value, TimeSpan min)
    {
        if (value < min || value > MaxTimeout)
        {
            failures.Add($"{Prefix}{setting} must be between {min.TotalMilliseconds} ms and 5 minutes (was {value}).");
        }
    }
}
