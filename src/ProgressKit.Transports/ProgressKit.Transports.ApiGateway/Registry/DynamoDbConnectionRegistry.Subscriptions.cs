using Amazon.DynamoDBv2.Model;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;

namespace ProgressKit.Transports.ApiGateway.Registry;

public sealed partial class DynamoDbConnectionRegistry
{
    /// <inheritdoc />
    public async ValueTask SubscribeAsync(ApiGatewayConnection connection, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var item = new Dictionary<string, AttributeValue>
        {
            [DynamoDbSchema.JobId] = S(jobId),
            [DynamoDbSchema.ConnectionId] = S(connection.ConnectionId),
            [DynamoDbSchema.ExpiresAt] = N((_timeProvider.GetUtcNow() + _options.ConnectionTimeToLive).ToUnixTimeSeconds()),
        };
        AddIfNotNull(item, DynamoDbSchema.UserId, connection.UserId);
        AddIfNotNull(item, DynamoDbSchema.TenantId, connection.TenantId);
        await Client.PutItemAsync(new PutItemRequest { TableName = _options.SubscriptionsTableName, Item = item }, cancellationToken)
            .ConfigureAwait(false);

        // After the subscription is written: a publisher that reads the new version also finds the subscription.
        await Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _options.JobsTableName,
            Key = new() { [DynamoDbSchema.JobId] = S(jobId) },
            UpdateExpression = "SET #expires = if_not_exists(#expires, :expires) ADD #version :one",
            ExpressionAttributeNames = new() { ["#expires"] = DynamoDbSchema.ExpiresAt, ["#version"] = DynamoDbSchema.SubscriptionVersion },
            ExpressionAttributeValues = new()
            {
                [":expires"] = N((_timeProvider.GetUtcNow() + _options.JobTimeToLive).ToUnixTimeSeconds()),
                [":one"] = N(1),
            },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UnsubscribeAsync(string connectionId, string jobId, CancellationToken cancellationToken)
    {
        await Client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = _options.SubscriptionsTableName,
            Key = SubscriptionKey(jobId, connectionId),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ApiGatewayConnection>> GetJobSubscribersAsync(string jobId, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = _options.SubscriptionsTableName,
            KeyConditionExpression = "#job = :job",
            ExpressionAttributeNames = new() { ["#job"] = DynamoDbSchema.JobId },
            ExpressionAttributeValues = new() { [":job"] = S(jobId) },
            ConsistentRead = true,
        };
        return await QueryConnectionsAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<string>> GetSubscribedJobIdsAsync(string connectionId, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = _options.SubscriptionsTableName,
            IndexName = DynamoDbSchema.ConnectionIndex,
            KeyConditionExpression = "#connection = :connection",
            ExpressionAttributeNames = new() { ["#connection"] = DynamoDbSchema.ConnectionId },
            ExpressionAttributeValues = new() { [":connection"] = S(connectionId) },
        };
        var jobIds = new List<string>();
        do
        {
            var response = await Client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (GetString(item, DynamoDbSchema.JobId) is { } jobId)
                {
                    jobIds.Add(jobId);
                }
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return jobIds;
    }

    private async Task DeleteSubscriptionsAsync(string connectionId, List<string> jobIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in jobIds.Chunk(DynamoDbSchema.MaxBatchWriteItems))
        {
            var response = await Client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new()
                {
                    [_options.SubscriptionsTableName] = chunk
                        .Select(jobId => new WriteRequest { DeleteRequest = new DeleteRequest { Key = SubscriptionKey(jobId, connectionId) } })
                        .ToList(),
                },
            }, cancellationToken).ConfigureAwait(false);

            // Throttled batches hand back what they did not do; delete those one by one (the SDK retries single calls).
            if (response.UnprocessedItems is not null && response.UnprocessedItems.TryGetValue(_options.SubscriptionsTableName, out var left))
            {
                foreach (var write in left)
                {
                    await Client.DeleteItemAsync(new DeleteItemRequest
                    {
                        TableName = _options.SubscriptionsTableName,
                        Key = write.DeleteRequest.Key,
                    }, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static Dictionary<string, AttributeValue> SubscriptionKey(string jobId, string connectionId) => new()
    {
        [DynamoDbSchema.JobId] = S(jobId),
        [DynamoDbSchema.ConnectionId] = S(connectionId),
    };
}
