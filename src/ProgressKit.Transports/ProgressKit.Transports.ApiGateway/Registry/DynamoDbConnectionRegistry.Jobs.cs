using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ProgressKit.Events;
using ProgressKit.Serialization;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;

namespace ProgressKit.Transports.ApiGateway.Registry;

public sealed partial class DynamoDbConnectionRegistry
{
    /// <inheritdoc />
    public async ValueTask<long> SetJobSnapshotAsync(ProgressEvent snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var names = new Dictionary<string, string>
        {
            ["#seq"] = DynamoDbSchema.Sequence,
            ["#snapshot"] = DynamoDbSchema.Snapshot,
            ["#expires"] = DynamoDbSchema.ExpiresAt,
            ["#version"] = DynamoDbSchema.SubscriptionVersion,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":zero"] = N(0),
            [":seq"] = N(snapshot.Sequence),
            [":snapshot"] = S(ProgressEventSerializer.Serialize(snapshot)),
            [":expires"] = N((_timeProvider.GetUtcNow() + _options.JobTimeToLive).ToUnixTimeSeconds()),
        };
        var set = "SET #seq = :seq, #snapshot = :snapshot, #expires = :expires, #version = if_not_exists(#version, :zero)";
        if (snapshot.UserId is not null)
        {
            set += ", #user = :user";
            names["#user"] = DynamoDbSchema.UserId;
            values[":user"] = S(snapshot.UserId);
        }

        if (snapshot.TenantId is not null)
        {
            set += ", #tenant = :tenant";
            names["#tenant"] = DynamoDbSchema.TenantId;
            values[":tenant"] = S(snapshot.TenantId);
        }

        try
        {
            // An update, not a put, so that a cancel flag set by the route handler survives the job's next event. The
            // subscription version comes back with the write (no read capacity); it is among the updated attributes.
            var response = await Client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _options.JobsTableName,
                Key = new() { [DynamoDbSchema.JobId] = S(snapshot.JobId) },
                UpdateExpression = set,
                ConditionExpression = "attribute_not_exists(#seq) OR #seq <= :seq",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.UPDATED_NEW,
            }, cancellationToken).ConfigureAwait(false);
            return GetLong(response.Attributes, DynamoDbSchema.SubscriptionVersion) ?? -1;
        }
        catch (ConditionalCheckFailedException)
        {
            // A newer event is already recorded (a retried or raced older one): keep the newer.
            return -1;
        }
    }

    /// <inheritdoc />
    public async ValueTask<ProgressEvent?> GetJobSnapshotAsync(string jobId, CancellationToken cancellationToken)
    {
        var item = await GetJobItemAsync(jobId, cancellationToken).ConfigureAwait(false);
        return GetString(item, DynamoDbSchema.Snapshot) is { } json ? ProgressEventSerializer.Deserialize(json) : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        try
        {
            await Client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _options.JobsTableName,
                Key = new() { [DynamoDbSchema.JobId] = S(jobId) },
                UpdateExpression = "SET #cancel = :true, #cancelAt = :now",
                ConditionExpression = "attribute_exists(#seq) AND #expires > :nowSeconds",
                ExpressionAttributeNames = new()
                {
                    ["#cancel"] = DynamoDbSchema.CancelRequested,
                    ["#cancelAt"] = DynamoDbSchema.CancelRequestedAt,
                    ["#seq"] = DynamoDbSchema.Sequence,
                    ["#expires"] = DynamoDbSchema.ExpiresAt,
                },
                ExpressionAttributeValues = new()
                {
                    [":true"] = new AttributeValue { BOOL = true },
                    [":now"] = N(now.ToUnixTimeMilliseconds()),
                    [":nowSeconds"] = N(now.ToUnixTimeSeconds()),
                },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken)
    {
        var item = await GetJobItemAsync(jobId, cancellationToken, DynamoDbSchema.CancelRequested).ConfigureAwait(false);
        return GetBool(item, DynamoDbSchema.CancelRequested);
    }

    private async Task<Dictionary<string, AttributeValue>?> GetJobItemAsync(string jobId, CancellationToken cancellationToken, string? onlyAttribute = null)
    {
        var request = new GetItemRequest
        {
            TableName = _options.JobsTableName,
            Key = new() { [DynamoDbSchema.JobId] = S(jobId) },
            ConsistentRead = true,
        };
        if (onlyAttribute is not null)
        {
            request.ProjectionExpression = "#a, #expires";
            request.ExpressionAttributeNames = new() { ["#a"] = onlyAttribute, ["#expires"] = DynamoDbSchema.ExpiresAt };
        }

        var response = await Client.GetItemAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item && IsLive(item, NowSeconds()) ? item : null;
    }
}
