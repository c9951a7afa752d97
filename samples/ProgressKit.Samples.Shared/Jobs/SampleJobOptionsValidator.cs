using Microsoft.Extensions.Options;
using ProgressKit.Events;

namespace ProgressKit.Samples.Shared.Jobs;

/// <summary>Validates <see cref="SampleJobOptions"/>; every message names the setting.</summary>
internal sealed class SampleJobOptionsValidator : IValidateOptions<SampleJobOptions>
{
    public ValidateOptionsResult Validate(string? name, SampleJobOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRunningJobs is < 1 or > 100_000)
        {
            failures.Add($"ProgressKit:Samples:MaxRunningJobs must be between 1 and 100000 (got {options.MaxRunningJobs}).");
        }

        if (options.JobIdPrefix is null || options.JobIdPrefix.Length > 64 || (options.JobIdPrefix.Length > 0 && !JobId.IsValid(options.JobIdPrefix)))
        {
            failures.Add("ProgressKit:Samples:JobIdPrefix must be at most 64 letters, digits or '-_.:'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
