using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Streams;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.Registry;

/// <summary>The DynamoDB registry against real dynalite on loopback; each test gets its own tables.</summary>
public sealed class DynamoDbConnectionRegistryTests(DynaliteFixture dynalite) : ConnectionRegistryContractTests, IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private ServiceProvider? _services;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected override async Task<IConnectionRegistry> CreateRegistryAsync()
    {
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddProgressKit(o => o.TimeProvider = Time);
        services.AddApiGatewayRouteHandler(o =>
        {
            o.Region = "us-east-1";
            o.Credentials = TestCredentials.Basic;
            o.TimeProvider = Time;
            o.Registry.ServiceUrl = dynalite.ServiceUrl;
            o.Registry.ConnectionsTableName = _prefix + "-connections";
            o.Registry.SubscriptionsTableName = _prefix + "-subscriptions";
            o.Registry.JobsTableName = _prefix + "-jobs";
        });
        _services = services.BuildServiceProvider();
        var options = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiGatewayTransportOptions>>().Value;
        Options.Registry.ConnectionTimeToLive = options.Registry.ConnectionTimeToLive;
        Options.Registry.JobTimeToLive = options.Registry.JobTimeToLive;
        await _services.GetRequiredService<ConnectionRegistryProvisioner>().EnsureTablesAsync().WithTimeout();
        return _services.GetRequiredService<IConnectionRegistry>();
    }

    // With the DynamoDB registry the job stream store is the DynamoDB one, in the same jobs table.
    private DynamoDbJobStreamStore Store => (DynamoDbJobStreamStore)_services!.GetRequiredService<IJobStreamStore>();

    protected override async Task<long> RecordEventAsync(ProgressEvent progressEvent)
    {
        Store.Append(progressEvent);
        return await Store.FlushAsync(progressEvent.JobId, default).WithTimeout();
    }

    protected override async Task<ProgressEvent?> ReadSnapshotAsync(string jobId) => await Store.GetSnapshotAsync(jobId).WithTimeout();

    [Fact]
    public void JobStreamStore_WithTheDynamoDbRegistry_IsTheDynamoDbStore()
    {
        var services = new ServiceCollection();
        services.AddProgressKit();
        services.AddApiGatewayRouteHandler(o => o.Region = "us-east-1");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IJobStreamStore>().Should().BeOfType<DynamoDbJobStreamStore>();
        provider.GetRequiredService<ProgressKit.State.IJobStateStore>().GetType().Name.Should().Be("JobStreamSnapshotStore", "the core's snapshot view reads the same store");
    }

    [Fact]
    public async Task Items_CarryTheExpiryAttributeForDynamoDbTtl()
    {
        var registry = await CreateRegistryAsync();
        var alice = new ApiGatewayConnection("c1", "alice", null);
        await registry.AddConnectionAsync(alice, default);
        await registry.SubscribeAsync(alice, "job-1", default);
        await RecordEventAsync(TestEvents.Progress("job-1", 1));

        var connection = await GetItemAsync(_prefix + "-connections", new() { ["connection_id"] = new AttributeValue("c1") });
        var subscription = await GetItemAsync(_prefix + "-subscriptions", new() { ["job_id"] = new AttributeValue("job-1"), ["connection_id"] = new AttributeValue("c1") });
        var job = await GetItemAsync(_prefix + "-jobs", new() { ["job_id"] = new AttributeValue("job-1") });

        var twoHours = (TestEvents.Epoch + TimeSpan.FromHours(2)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var oneDay = (TestEvents.Epoch + TimeSpan.FromHours(24)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        connection["expires_at"].N.Should().Be(twoHours);
        subscription["expires_at"].N.Should().Be(twoHours);
        job["expires_at"].N.Should().Be(oneDay);
        connection["user_id"].S.Should().Be("alice");
        subscription["user_id"].S.Should().Be("alice");
    }

    [Fact]
    public async Task EnsureTables_TwiceOnAnEmulatorWithoutTtl_IsIdempotentAndWarnsOncePerTable()
    {
        await CreateRegistryAsync();
        var provisioner = _services!.GetRequiredService<ConnectionRegistryProvisioner>();

        await provisioner.EnsureTablesAsync().WithTimeout();

        var warnings = _services!.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 3021).ToArray();
        warnings.Should().HaveCount(6, "dynalite lacks UpdateTimeToLive: one warning per table per call");
        warnings.Should().OnlyContain(r => r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Tables_HaveTheDocumentedKeysAndIndexes()
    {
        await CreateRegistryAsync();
        using var client = RawClient();

        var connections = (await client.DescribeTableAsync(_prefix + "-connections")).Table;
        var subscriptions = (await client.DescribeTableAsync(_prefix + "-subscriptions")).Table;

        connections.KeySchema.Should().ContainSingle(k => k.AttributeName == "connection_id" && k.KeyType == KeyType.HASH);
        connections.GlobalSecondaryIndexes.Should().ContainSingle(i => i.IndexName == "my_jobs_owner-index");
        subscriptions.KeySchema.Select(k => k.AttributeName).Should().Equal("job_id", "connection_id");
        subscriptions.GlobalSecondaryIndexes.Should().ContainSingle(i => i.IndexName == "connection_id-index");
    }

    private async Task<Dictionary<string, AttributeValue>> GetItemAsync(string table, Dictionary<string, AttributeValue> key)
    {
        using var client = RawClient();
        var response = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true });
        response.Item.Should().NotBeNullOrEmpty();
        return response.Item;
    }

    private AmazonDynamoDBClient RawClient() =>
        new(TestCredentials.Basic, new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
}
