using Amazon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProgressKit.Jobs;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Routing;
using ProgressKit.Transports.ApiGateway.Streams;

namespace ProgressKit.Transports.ApiGateway.Tests;

/// <summary>Defaults are pinned; every invalid setting fails validation with a message naming it.</summary>
public sealed class ApiGatewayTransportOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new ApiGatewayTransportOptions();

        ApiGatewayTransportOptions.ApiGatewayMaxMessageBytes.Should().Be(131_072);
        ApiGatewayTransportOptions.ApiGatewayMaxFrameBytes.Should().Be(32_768);
        options.MaxEventBytes.Should().Be(ApiGatewayTransportOptions.DefaultMaxEventBytes).And.Be(131_072);
        options.MaxConcurrentPosts.Should().Be(ApiGatewayTransportOptions.DefaultMaxConcurrentPosts).And.Be(32);
        options.MaxClientMessageBytes.Should().Be(ApiGatewayTransportOptions.DefaultMaxClientMessageBytes).And.Be(4_096);
        options.PostTimeout.Should().Be(ApiGatewayTransportOptions.DefaultPostTimeout).And.Be(TimeSpan.FromSeconds(5));
        options.SubscriberCacheDuration.Should().Be(ApiGatewayTransportOptions.DefaultSubscriberCacheDuration).And.Be(TimeSpan.FromSeconds(2));
        options.AllowAnonymous.Should().BeFalse();
        options.Endpoint.Should().BeNull();
        options.Region.Should().BeNull();
        options.Credentials.Should().BeNull();
        options.TimeProvider.Should().BeSameAs(TimeProvider.System);
        options.Identity.UserIdKey.Should().Be(ApiGatewayIdentityOptions.DefaultUserIdKey).And.Be("userId");
        options.Identity.TenantIdKey.Should().Be(ApiGatewayIdentityOptions.DefaultTenantIdKey).And.Be("tenantId");
        options.Registry.ConnectionsTableName.Should().Be(DynamoDbRegistryOptions.DefaultConnectionsTableName).And.Be("progresskit-connections");
        options.Registry.SubscriptionsTableName.Should().Be(DynamoDbRegistryOptions.DefaultSubscriptionsTableName).And.Be("progresskit-subscriptions");
        options.Registry.JobsTableName.Should().Be(DynamoDbRegistryOptions.DefaultJobsTableName).And.Be("progresskit-jobs");
        options.Registry.ConnectionTimeToLive.Should().Be(DynamoDbRegistryOptions.DefaultConnectionTimeToLive).And.Be(TimeSpan.FromHours(2));
        options.Registry.JobTimeToLive.Should().Be(DynamoDbRegistryOptions.DefaultJobTimeToLive).And.Be(TimeSpan.FromHours(24));
        options.Registry.ServiceUrl.Should().BeNull();
        options.StreamStore.WriteQueueCapacity.Should().Be(DynamoDbJobStreamStoreOptions.DefaultWriteQueueCapacity).And.Be(10_000);
        options.StreamStore.MaxWriteAttempts.Should().Be(DynamoDbJobStreamStoreOptions.DefaultMaxWriteAttempts).And.Be(3);
        options.StreamStore.RetryDelay.Should().Be(DynamoDbJobStreamStoreOptions.DefaultRetryDelay).And.Be(TimeSpan.FromMilliseconds(200));
        options.StreamStore.OperationTimeout.Should().Be(DynamoDbJobStreamStoreOptions.DefaultOperationTimeout).And.Be(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("MaxEventBytes")]
    [InlineData("MaxConcurrentPosts")]
    [InlineData("PostTimeout")]
    [InlineData("SubscriberCacheDuration")]
    [InlineData("MaxClientMessageBytes")]
    [InlineData("Region")]
    [InlineData("Identity:UserIdKey")]
    [InlineData("Registry:ConnectionsTableName")]
    [InlineData("Registry:SubscriptionsTableName")]
    [InlineData("Registry:JobsTableName")]
    [InlineData("Registry:ConnectionTimeToLive")]
    [InlineData("Registry:JobTimeToLive")]
    [InlineData("Registry:ServiceUrl")]
    [InlineData("StreamStore:WriteQueueCapacity")]
    [InlineData("StreamStore:MaxWriteAttempts")]
    [InlineData("StreamStore:RetryDelay")]
    [InlineData("StreamStore:OperationTimeout")]
    public void Validate_InvalidSetting_FailsNamingIt(string setting)
    {
        var options = Valid();
        Action<ApiGatewayTransportOptions> breakIt = setting switch
        {
            "MaxEventBytes" => o => o.MaxEventBytes = 131_073,
            "MaxConcurrentPosts" => o => o.MaxConcurrentPosts = 0,
            "PostTimeout" => o => o.PostTimeout = TimeSpan.FromMilliseconds(10),
            "SubscriberCacheDuration" => o => o.SubscriberCacheDuration = TimeSpan.FromMinutes(5),
            "MaxClientMessageBytes" => o => o.MaxClientMessageBytes = 10,
            "Region" => o => o.Region = "Not A Region",
            "Identity:UserIdKey" => o => o.Identity.UserIdKey = " ",
            "Registry:ConnectionsTableName" => o => o.Registry.ConnectionsTableName = "no spaces allowed",
            "Registry:SubscriptionsTableName" => o => o.Registry.SubscriptionsTableName = "x",
            "Registry:JobsTableName" => o => o.Registry.JobsTableName = "",
            "Registry:ConnectionTimeToLive" => o => o.Registry.ConnectionTimeToLive = TimeSpan.FromSeconds(5),
            "Registry:JobTimeToLive" => o => o.Registry.JobTimeToLive = TimeSpan.Zero,
            "StreamStore:WriteQueueCapacity" => o => o.StreamStore.WriteQueueCapacity = 0,
            "StreamStore:MaxWriteAttempts" => o => o.StreamStore.MaxWriteAttempts = 21,
            "StreamStore:RetryDelay" => o => o.StreamStore.RetryDelay = TimeSpan.Zero,
            "StreamStore:OperationTimeout" => o => o.StreamStore.OperationTimeout = TimeSpan.FromMinutes(3),
            _ => o => o.Registry.ServiceUrl = new Uri("ftp://127.0.0.1/"),
        };
        breakIt(options);

        var result = new ApiGatewayTransportOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().ContainSingle().Which.Should().StartWith($"ProgressKit:ApiGateway:{setting} ");
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        new ApiGatewayTransportOptionsValidator().Validate(null, new ApiGatewayTransportOptions()).Succeeded.Should().BeTrue();

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("wss://abc.execute-api.eu-west-1.amazonaws.com/prod", "not wss://")]
    [InlineData("https://abc.execute-api.eu-west-1.amazonaws.com/prod?x=1", "query string")]
    public void ValidateEndpoint_Invalid_FailsNamingEndpoint(string? endpoint, string hint)
    {
        var options = Valid();
        options.Endpoint = endpoint is null ? null : new Uri(endpoint);

        var result = new ApiGatewayEndpointValidator(() => null).Validate(null, options);

        result.FailureMessage.Should().StartWith("ProgressKit:ApiGateway:Endpoint ").And.Contain(hint);
    }

    [Fact]
    public void ValidateEndpoint_CustomDomainWithoutRegion_FailsNamingRegion()
    {
        var options = new ApiGatewayTransportOptions { Endpoint = new Uri("https://ws.example.com/progress") };

        var result = new ApiGatewayEndpointValidator(() => null).Validate(null, options);

        result.FailureMessage.Should().StartWith("ProgressKit:ApiGateway:Region is required");
    }

    [Theory]
    [InlineData("https://abc.execute-api.eu-west-1.amazonaws.com/prod", null)]
    [InlineData("https://ws.example.com/progress", "eu-west-1")]
    public void ValidateEndpoint_RegionFromHostOrConfiguration_Succeeds(string endpoint, string? region)
    {
        var options = new ApiGatewayTransportOptions { Endpoint = new Uri(endpoint), Region = region };

        new ApiGatewayEndpointValidator(() => null).Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void ValidateEndpoint_RegionFromTheEnvironmentChain_Succeeds()
    {
        var options = new ApiGatewayTransportOptions { Endpoint = new Uri("http://127.0.0.1:4001/") };

        new ApiGatewayEndpointValidator(() => RegionEndpoint.APSoutheast2).Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void AddApiGatewayTransport_WithoutEndpoint_FailsOnFirstResolveNamingEndpoint()
    {
        var services = new ServiceCollection();
        services.AddProgressKit().AddApiGatewayTransport();
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IOptions<ApiGatewayTransportOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("ProgressKit:ApiGateway:Endpoint");
    }

    [Fact]
    public void AddApiGatewayRouteHandler_WithoutEndpoint_IsValid()
    {
        var services = new ServiceCollection();
        services.AddApiGatewayRouteHandler(o => o.Region = "eu-west-1");
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        provider.GetRequiredService<ApiGatewayRouteHandler>().Should().NotBeNull();
        provider.GetRequiredService<IConnectionRegistry>().Should().BeOfType<DynamoDbConnectionRegistry>();
        provider.GetRequiredService<IJobAccessPolicy>().Should().BeOfType<OwnerJobAccessPolicy>();
    }

    [Fact]
    public void AddApiGatewayTransport_Twice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();
        var builder = services.AddProgressKit();

        builder.AddApiGatewayTransport(o => o.Endpoint = new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"));
        var before = services.Select(d => d.ServiceType).ToList();
        builder.AddApiGatewayTransport(o => o.MaxConcurrentPosts = 8);

        services.Count(d => d.ServiceType == typeof(IProgressTransport)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IJobCancellationRequestSource)).Should().Be(1);
        services.Select(d => d.ServiceType).Except(before).Should().BeEmpty();
        services.Where(d => !d.ServiceType.IsGenericType || d.ServiceType.GetGenericTypeDefinition() != typeof(IConfigureOptions<>))
            .Should().HaveCount(before.Count(t => !t.IsGenericType || t.GetGenericTypeDefinition() != typeof(IConfigureOptions<>)),
                "only configure steps are added by the second call");
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IOptions<ApiGatewayTransportOptions>>().Value.MaxConcurrentPosts.Should().Be(8);
        provider.GetServices<IProgressTransport>().Should().ContainSingle().Which.Name.Should().Be("apigateway");
    }

    [Fact]
    public void UseInMemoryConnectionRegistry_ReplacesDynamoDb()
    {
        var services = new ServiceCollection();
        services.AddProgressKit()
            .AddApiGatewayTransport(o => o.Endpoint = new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"))
            .UseInMemoryConnectionRegistry();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IConnectionRegistry>().Should().BeOfType<InMemoryConnectionRegistry>();
        provider.GetRequiredService<IJobStreamStore>().Should().NotBeOfType<DynamoDbJobStreamStore>("one process keeps the core's in-memory store");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void JobStreamStore_WhicheverIsRegisteredFirst_IsTheDynamoDbStoreOverTheCoresInMemoryCopy(bool routeHandlerFirst)
    {
        var services = new ServiceCollection();
        if (routeHandlerFirst)
        {
            services.AddApiGatewayRouteHandler(o => o.Region = "eu-west-1");
        }

        services.AddProgressKit().AddApiGatewayTransport(o => o.Endpoint = new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var store = provider.GetRequiredService<IJobStreamStore>();

        store.Should().BeOfType<DynamoDbJobStreamStore>();
        provider.GetRequiredService<LocalJobStreamStore>().Store.Should().NotBeOfType<DynamoDbJobStreamStore>();
        services.Count(d => d.ServiceType == typeof(IJobStreamStore)).Should().Be(1);
    }

    [Fact]
    public void UseInMemoryConnectionRegistry_CalledFirst_StillKeepsTheInMemoryStore()
    {
        var services = new ServiceCollection();
        services.AddProgressKit()
            .UseInMemoryConnectionRegistry()
            .AddApiGatewayTransport(o => o.Endpoint = new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IConnectionRegistry>().Should().BeOfType<InMemoryConnectionRegistry>();
        provider.GetRequiredService<IJobStreamStore>().Should().NotBeOfType<DynamoDbJobStreamStore>();
    }

    [Fact]
    public void AddApiGatewayTransport_CustomAccessPolicyRegisteredFirst_IsKept()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IJobAccessPolicy, AllowAll>();
        services.AddProgressKit().AddApiGatewayTransport(o => o.Endpoint = new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IJobAccessPolicy>().Should().BeOfType<AllowAll>();
    }

    private static ApiGatewayTransportOptions Valid() => new()
    {
        Endpoint = new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"),
    };

    private sealed class AllowAll : IJobAccessPolicy
    {
        public bool CanAccess(ApiGatewayConnection connection, Events.ProgressEvent job) => true;
    }
}
