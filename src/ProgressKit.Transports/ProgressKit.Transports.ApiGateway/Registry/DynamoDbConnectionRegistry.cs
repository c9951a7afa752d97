using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;

namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>
/// An <see cref="IConnectionRegistry"/> in three DynamoDB tables (connections, subscriptions, jobs), shared by the
/// route handler (for example a Lambda function) and every publishing instance. See
/// <c>docs/api-gateway/table-design.md</c> for the tables, keys, indexes and TTL.
/// </summary>
/// <remarks>
/// Uses only single-item writes, <c>BatchWriteItem</c> and key or index queries: no <c>Scan</c> and no transactions.
/// Every item carries <c>expires_at</c> (epoch seconds) for DynamoDB TTL, and reads ignore expired items. Reads of the
/// base tables are strongly consistent, so a subscription written by the route handler is seen by the next event.
/// Thread-safe. Created by dependency injection (<see cref="ApiGatewayServiceCollectionExtensions.AddApiGatewayRouteHandler"/>
/// and <see cref="ApiGatewayProgressKitBuilderExtensions.AddApiGatewayTransport"/>).
/// </remarks>
public sealed partial class DynamoDbConnectionRegistry : IConnectionRegistry
{
    private readonly DynamoDbClientHolder _holder;
    private readonly DynamoDbRegistryOptions _options;
    private readonly TimeProvider _timeProvider;

    internal DynamoDbConnectionRegistry(DynamoDbClientHolder holder, IOptions<ApiGatewayTransportOptions> options)
    {
        _holder = holder;
        _options = options.Value.Registry;
        _timeProvider = options.Value.TimeProvider;
    }

    private IAmazonDynamoDB Client => _holder.Client;

    /// <inheritdoc />
    public async ValueTask AddConnectionAsync(ApiGatewayConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var now = _timeProvider.GetUtcNow();
        var item = new Dictionary<string, AttributeValue>
        {
            [DynamoDbSchema.ConnectionId] = S(connection.ConnectionId),
            [DynamoDbSchema.ConnectedAt] = N(now.ToUnixTimeMilliseconds()),
            [DynamoDbSchema.ExpiresAt] = N((now + _options.ConnectionTimeToLive).ToUnixTimeSeconds()),
        };
        AddIfNotNull(item, DynamoDbSchema.UserId, connection.UserId);
        AddIfNotNull(item, DynamoDbSchema.TenantId, connection.TenantId);
        await Client.PutItemAsync(new PutItemRequest { TableName = _options.ConnectionsTableName, Item = item }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ApiGatewayConnection?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        var response = await Client.GetItemAsync(new GetItemRequest
        {
            TableName = _options.ConnectionsTableName,
            Key = new() { [DynamoDbSchema.ConnectionId] = S(connectionId) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item && IsLive(item, NowSeconds()) ? ToConnection(item) : null;
    }

    /// <inheritdoc />
    public async ValueTask RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        // Subscriptions first: if this is interrupted, the connection row still leads a later attempt to them.
        var jobIds = await GetSubscribedJobIdsAsync(connectionId, cancellationToken).ConfigureAwait(false);
        await DeleteSubscriptionsAsync(connectionId, jobIds, cancellationToken).ConfigureAwait(false);
        await Client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = _options.ConnectionsTableName,
            Key = new() { [DynamoDbSchema.ConnectionId] = S(connectionId) },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask SubscribeToUserJobsAsync(ApiGatewayConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(connection.UserId, nameof(connection));
        var now = _timeProvider.GetUtcNow();
        var values = new Dictionary<string, AttributeValue>
        {
            [":owner"] = S(OwnerKey.Create(connection.UserId, connection.TenantId)),
            [":user"] = S(connection.UserId),
            [":expires"] = N((now + _options.ConnectionTimeToLive).ToUnixTimeSeconds()),
        };
        var set = "SET #owner = :owner, #user = :user, #expires = :expires";
        var names = new Dictionary<string, string>
        {
            ["#owner"] = DynamoDbSchema.MyJobsOwner,
            ["#user"] = DynamoDbSchema.UserId,
            ["#expires"] = DynamoDbSchema.ExpiresAt,
        };
        if (connection.TenantId is not null)
        {
            set += ", #tenant = :tenant";
            names["#tenant"] = DynamoDbSchema.TenantId;
            values[":tenant"] = S(connection.TenantId);
        }

        await Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _options.ConnectionsTableName,
            Key = new() { [DynamoDbSchema.ConnectionId] = S(connection.ConnectionId) },
            UpdateExpression = set,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ApiGatewayConnection>> GetUserSubscribersAsync(string userId, string? tenantId, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = _options.ConnectionsTableName,
            IndexName = DynamoDbSchema.MyJobsOwnerIndex,
            KeyConditionExpression = "#owner = :owner",
            ExpressionAttributeNames = new() { ["#owner"] = DynamoDbSchema.MyJobsOwner },
            ExpressionAttributeValues = new() { [":owner"] = S(OwnerKey.Create(userId, tenantId)) },
        };
        return await QueryConnectionsAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ApiGatewayConnection>> QueryConnectionsAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var now = NowSeconds();
        var result = new List<ApiGatewayConnection>();
        do
        {
            var response = await Client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (IsLive(item, now))
                {
                    result.Add(ToConnection(item));
                }
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return result;
    }

    private static ApiGatewayConnection ToConnection(Dictionary<string, AttributeValue> item) =>
        new(GetString(item, DynamoDbSchema.ConnectionId)!, GetString(item, DynamoDbSchema.UserId), GetString(item, DynamoDbSchema.TenantId));

    private long NowSeconds() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();
}
