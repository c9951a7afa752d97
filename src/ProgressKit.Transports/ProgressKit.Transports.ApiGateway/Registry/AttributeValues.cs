using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>Small helpers to write and read DynamoDB attribute values.</summary>
internal static class AttributeValues
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static void AddIfNotNull(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    public static string? GetString(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) ? value.S : null;

    public static long? GetLong(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) && value.N is { } n
            ? long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;

    public static bool GetBool(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) && value.BOOL == true;

    /// <summary>Returns whether an item's <c>expires_at</c> lies in the future: DynamoDB deletes expired items lazily, up to days later.</summary>
    public static bool IsLive(Dictionary<string, AttributeValue>? item, long nowEpochSeconds) =>
        GetLong(item, DynamoDbSchema.ExpiresAt) is { } expiresAt && expiresAt > nowEpochSeconds;
}
