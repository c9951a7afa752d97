using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Registry;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;

namespace ProgressKit.Transports.ApiGateway.Streams;

internal sealed partial class StreamItem
{
    /// <summary>
    /// The conditional update that writes this stream over the item as it was read: it succeeds only if nobody wrote
    /// the job's stream since (same stored epoch and <c>seq</c>, or still none), so an older or raced write never
    /// replaces a newer one. It keeps the registry's attributes (cancel flag, <c>subs_version</c>) and returns the
    /// subscription version.
    /// </summary>
    public UpdateItemRequest ToUpdate(string tableName, string jobId, ProgressEvent newest, long expiresAtEpochSeconds)
    {
        var names = new Dictionary<string, string>
        {
            ["#seq"] = DynamoDbSchema.Sequence,
            ["#snapshot"] = DynamoDbSchema.Snapshot,
            ["#epoch"] = DynamoDbSchema.Epoch,
            ["#kept"] = DynamoDbSchema.KeptSequence,
            ["#log"] = DynamoDbSchema.Log,
            ["#streams"] = DynamoDbSchema.Streams,
            ["#expires"] = DynamoDbSchema.ExpiresAt,
            ["#version"] = DynamoDbSchema.SubscriptionVersion,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":zero"] = N(0),
            [":seq"] = N(Sequence),
            [":snapshot"] = S(Snapshot!),
            [":epoch"] = S(Epoch),
            [":kept"] = N(KeptSequence),
            [":expires"] = N(expiresAtEpochSeconds),
        };
        var set = "SET #seq = :seq, #snapshot = :snapshot, #epoch = :epoch, #kept = :kept, #expires = :expires, #version = if_not_exists(#version, :zero)";
        var remove = new List<string>();
        if (_log.Count > 0)
        {
            set += ", #log = :log";
            values[":log"] = new AttributeValue { L = _log.ConvertAll(S) };
        }
        else
        {
            remove.Add("#log");
        }

        if (Texts.Count > 0)
        {
            set += ", #streams = :streams";
            values[":streams"] = new AttributeValue { M = Texts.Streams.ToDictionary(static s => s.Name, static s => TextValue(s.Text, s.NextIndex, s.Cut), StringComparer.Ordinal) };
        }
        else
        {
            remove.Add("#streams");
        }

        if (newest.UserId is not null)
        {
            set += ", #user = :user";
            names["#user"] = DynamoDbSchema.UserId;
            values[":user"] = S(newest.UserId);
        }

        if (newest.TenantId is not null)
        {
            set += ", #tenant = :tenant";
            names["#tenant"] = DynamoDbSchema.TenantId;
            values[":tenant"] = S(newest.TenantId);
        }

        string condition;
        if (StoredSequence is not { } storedSequence)
        {
            condition = "attribute_not_exists(#seq)";
        }
        else
        {
            values[":storedSeq"] = N(storedSequence);
            if (StoredEpoch is { } storedEpoch)
            {
                values[":storedEpoch"] = S(storedEpoch);
                condition = "#seq = :storedSeq AND #epoch = :storedEpoch";
            }
            else
            {
                condition = "#seq = :storedSeq AND attribute_not_exists(#epoch)";
            }
        }

        return new UpdateItemRequest
        {
            TableName = tableName,
            Key = new() { [DynamoDbSchema.JobId] = S(jobId) },
            UpdateExpression = remove.Count == 0 ? set : set + " REMOVE " + string.Join(", ", remove),
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            ReturnValues = ReturnValue.UPDATED_NEW,
        };
    }

    /// <summary>Marks what was just written as the stored position, so the next write of this process expects it.</summary>
    public void Stored()
    {
        StoredEpoch = Epoch;
        StoredSequence = Sequence;
    }

    private static AttributeValue TextValue(string text, long nextIndex, bool cut)
    {
        var fields = new Dictionary<string, AttributeValue>
        {
            [DynamoDbSchema.StreamNextIndex] = N(nextIndex),
            [DynamoDbSchema.StreamCut] = new AttributeValue { BOOL = cut },
        };

        // DynamoDB emulators differ on empty strings: an empty text is left out and read back as empty.
        if (text.Length > 0)
        {
            fields[DynamoDbSchema.StreamText] = S(text);
        }

        return new AttributeValue { M = fields };
    }
}
