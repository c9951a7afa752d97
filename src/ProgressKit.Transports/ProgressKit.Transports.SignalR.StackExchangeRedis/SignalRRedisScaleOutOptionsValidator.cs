using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis;

/// <summary>Validates <see cref="SignalRRedisScaleOutOptions"/>; every failure names the setting under <c>ProgressKit:SignalR:Redis:</c>.</summary>
internal sealed class SignalRRedisScaleOutOptionsValidator : IValidateOptions<SignalRRedisScaleOutOptions>
{
    private const string Prefix = "ProgressKit:SignalR:Redis:";

    public ValidateOptionsResult Validate(string? name, SignalRRedisScaleOutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateConfiguration(options.Configuration, failures);
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > SignalRRedisScaleOutOptions.MaxKeyPrefixLength
            || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"{Prefix}{nameof(options.KeyPrefix)} must have 1 to {SignalRRedisScaleOutOptions.MaxKeyPrefixLength} characters and no braces.");
        }

        Range(failures, nameof(options.OperationTimeout), options.OperationTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), "100 ms and 5 minutes");
        Range(failures, nameof(options.ConnectTimeout), options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), "100 ms and 5 minutes");
        Range(failures, nameof(options.CancellationRequestTimeToLive), options.CancellationRequestTimeToLive, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "1 second and 1 day");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The configuration string may hold a password: failures never quote it or the parser's message.
    private static void ValidateConfiguration(string? configuration, List<string> failures)
    {
        const string Setting = Prefix + nameof(SignalRRedisScaleOutOptions.Configuration);
        if (string.IsNullOrWhiteSpace(configuration))
        {
            failures.Add($"{Setting} must be a StackExchange.Redis configuration string such as \"127.0.0.1:6379\".");
            return;
        }

        try
        {
            if (ConfigurationOptions.Parse(configuration).EndPoints.Count == 0)
            {
                failures.Add($"{Setting} must name at least one Redis endpoint (host:port).");
            }
        }
        catch (ArgumentException)
        {
            failures.Add($"{Setting} is not a valid StackExchange.Redis configuration string.");
        }
    }

    private static void Range(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max, string text)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Prefix}{setting} must be between {text} (got {value}).");
        }
    }
}
