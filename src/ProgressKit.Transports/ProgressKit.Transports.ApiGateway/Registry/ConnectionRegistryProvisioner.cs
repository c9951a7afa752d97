using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.ApiGateway.Diagnostics;

namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>
/// Creates the registry's DynamoDB tables (on-demand capacity, with their indexes) and turns on TTL, for samples,
/// tests and first runs. Production stacks declare the tables instead (see <c>docs/api-gateway/cloudformation.md</c>).
/// </summary>
/// <remarks>
/// Idempotent: existing tables are left as they are. An emulator that lacks <c>UpdateTimeToLive</c> (dynalite) is
/// tolerated with one warning; reads ignore expired items anyway. Resolve it from the container after
/// <see cref="ApiGatewayProgressKitBuilderExtensions.AddApiGatewayTransport"/> or
/// <see cref="ApiGatewayServiceCollectionExtensions.AddApiGatewayRouteHandler"/>.
/// </remarks>
public sealed class ConnectionRegistryProvisioner
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_activeTimeout = TimeSpan.FromMinutes(2);

    private readonly DynamoDbClientHolder _holder;
    private readonly DynamoDbRegistryOptions _options;
    private readonly ILogger _logger;

    internal ConnectionRegistryProvisioner(DynamoDbClientHolder holder, IOptions<ApiGatewayTransportOptions> options, ILogger<ConnectionRegistryProvisioner> logger)
    {
        _holder = holder;
        _options = options.Value.Registry;
        _logger = logger;
    }

    /// <summary>Creates the connections, subscriptions and jobs tables when missing, waits until they are active and enables TTL.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the tables can be used.</returns>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken = default)
    {
        var client = _holder.Client;
        await EnsureTableAsync(client, ConnectionsTable(), cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(client, SubscriptionsTable(), cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(client, JobsTable(), cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureTableAsync(IAmazonDynamoDB client, CreateTableRequest request, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(client, request.TableName, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
                Log.TableCreated(_logger, request.TableName);
            }
            catch (ResourceInUseException)
            {
                // Another instance created it first.
            }
        }

        await WaitUntilActiveAsync(client, request.TableName, cancellationToken).ConfigureAwait(false);
        await EnableTimeToLiveAsync(client, request.TableName, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ExistsAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ResourceNotFoundException)
        {
            return false;
        }
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var table = (await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Table;
            var indexesActive = table.GlobalSecondaryIndexes is null || table.GlobalSecondaryIndexes.TrueForAll(i => i.IndexStatus == IndexStatus.ACTIVE);
            if (table.TableStatus == TableStatus.ACTIVE && indexesActive)
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(started) > s_activeTimeout)
            {
                throw new TimeoutException($"DynamoDB table {tableName} did not become active within {s_activeTimeout}.");
            }

            // Real time on purpose: this paces calls to a remote service, and a fake clock that drives TTL in tests
            // must not stall provisioning.
            await Task.Delay(s_pollInterval, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnableTimeToLiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = tableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = DynamoDbSchema.ExpiresAt, Enabled = true },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "ValidationException" && ex.Message.Contains("already enabled", StringComparison.OrdinalIgnoreCase))
        {
            // TTL is on already.
        }
        catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "UnknownOperationException")
        {
            Log.TimeToLiveUnsupported(_logger, tableName);
        }
    }

    private CreateTableRequest ConnectionsTable() => new()
    {
        TableName = _options.ConnectionsTableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(DynamoDbSchema.ConnectionId, ScalarAttributeType.S),
            new AttributeDefinition(DynamoDbSchema.MyJobsOwner, ScalarAttributeType.S),
        ],
        KeySchema = [new KeySchemaElement(DynamoDbSchema.ConnectionId, KeyType.HASH)],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = DynamoDbSchema.MyJobsOwnerIndex,
                KeySchema = [new KeySchemaElement(DynamoDbSchema.MyJobsOwner, KeyType.HASH)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
        ],
    };

    private CreateTableRequest SubscriptionsTable() => new()
    {
        TableName = _options.SubscriptionsTableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(DynamoDbSchema.JobId, ScalarAttributeType.S),
            new AttributeDefinition(DynamoDbSchema.ConnectionId, ScalarAttributeType.S),
        ],
        KeySchema =
        [
            new KeySchemaElement(DynamoDbSchema.JobId, KeyType.HASH),
            new KeySchemaElement(DynamoDbSchema.ConnectionId, KeyType.RANGE),
        ],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = DynamoDbSchema.ConnectionIndex,
                KeySchema =
                [
                    new KeySchemaElement(DynamoDbSchema.ConnectionId, KeyType.HASH),
                    new KeySchemaElement(DynamoDbSchema.JobId, KeyType.RANGE),
                ],
                Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
            },
        ],
    };

    private CreateTableRequest JobsTable() => new()
    {
        TableName = _options.JobsTableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [new AttributeDefinition(DynamoDbSchema.JobId, ScalarAttributeType.S)],
        KeySchema = [new KeySchemaElement(DynamoDbSchema.JobId, KeyType.HASH)],
    };
}
