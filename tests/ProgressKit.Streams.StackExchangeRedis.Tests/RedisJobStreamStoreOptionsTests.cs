using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProgressKit.Streams.StackExchangeRedis.Tests;

public sealed class RedisJobStreamStoreOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new RedisJobStreamStoreOptions();

        options.Configuration.Should().BeNull();
        options.KeyPrefix.Should().Be("progresskit:").And.Be(RedisJobStreamStoreOptions.DefaultKeyPrefix);
        options.WriteQueueCapacity.Should().Be(100_000).And.Be(RedisJobStreamStoreOptions.DefaultWriteQueueCapacity);
        options.MaxJobs.Should().Be(100_000).And.Be(RedisJobStreamStoreOptions.DefaultMaxJobs);
        options.MaxTotalBytes.Should().Be(1L << 30).And.Be(RedisJobStreamStoreOptions.DefaultMaxTotalBytes);
        options.OperationTimeout.Should().Be(TimeSpan.FromSeconds(5)).And.Be(RedisJobStreamStoreOptions.DefaultOperationTimeout);
        options.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(5)).And.Be(RedisJobStreamStoreOptions.DefaultConnectTimeout);
        options.RetryDelay.Should().Be(TimeSpan.FromSeconds(1)).And.Be(RedisJobStreamStoreOptions.DefaultRetryDelay);
        RedisJobStreamStoreOptions.MaxKeyPrefixLength.Should().Be(64);
    }

    [Fact]
    public void Validate_Defaults_RequireOnlyTheConfiguration()
    {
        var result = new RedisJobStreamStoreOptionsValidator().Validate(null, new RedisJobStreamStoreOptions());

        result.Failures.Should().ContainSingle().Which.Should().Contain("ProgressKit:Streams:Redis:Configuration");
    }

    [Fact]
    public void Validate_EverySettingOutOfRange_IsNamed()
    {
        var options = new RedisJobStreamStoreOptions
        {
            Configuration = "localhost",
            KeyPrefix = "a{b}",
            WriteQueueCapacity = 0,
            MaxJobs = 0,
            MaxTotalBytes = 1024,
            OperationTimeout = TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromHours(1),
            RetryDelay = TimeSpan.FromMilliseconds(1),
        };

        var result = new RedisJobStreamStoreOptionsValidator().Validate(null, options);

        result.Failures.Should().HaveCount(7);
        foreach (var setting in new[] { "KeyPrefix", "WriteQueueCapacity", "MaxJobs", "MaxTotalBytes", "OperationTimeout", "ConnectTimeout", "RetryDelay" })
        {
            result.Failures.Should().Contain(f => f.StartsWith("ProgressKit:Streams:Redis:" + setting, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AddRedisJobStreamStore_WithoutConfiguration_FailsOnResolveNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddProgressKit().AddRedisJobStreamStore();
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IOptions<RedisJobStreamStoreOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*ProgressKit:Streams:Redis:Configuration*");
    }

    [Fact]
    public void AddRedisJobStreamStore_CalledTwice_RegistersOneStoreWithBothConfigureSteps()
    {
        var services = new ServiceCollection();
        var builder = services.AddProgressKit();
        builder.AddRedisJobStreamStore(o => o.Configuration = "localhost:1").AddRedisJobStreamStore(o => o.KeyPrefix = "other:");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RedisJobStreamStoreOptions>>().Value;

        services.Count(d => d.ServiceType == typeof(IJobStreamStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(RedisJobStreamStore)).Should().Be(1);
        options.Configuration.Should().Be("localhost:1");
        options.KeyPrefix.Should().Be("other:");
    }
}
