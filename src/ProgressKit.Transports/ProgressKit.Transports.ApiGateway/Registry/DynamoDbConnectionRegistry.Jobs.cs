using Amazon.DynamoDBv2.Model;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;

namespace ProgressKit.Transports.ApiGateway.Registry;

public sealed partial class DynamoDbConnectionRegistry
{
    /// <inheritdoc />
    /// <remarks>A job is known while its item holds a stream (<c>seq</c>, written by the job stream store) and has not expired.</remarks>
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
