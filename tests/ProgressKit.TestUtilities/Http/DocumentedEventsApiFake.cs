using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProgressKit.TestUtilities.Http;

/// <summary>An event the fake accepted or rejected.</summary>
public sealed record FakePublishedEvent(string Channel, int Index, JsonObject Event, int RequestNumber);

/// <summary>
/// A loopback fake of the AppSync Events API publish endpoint, written from AWS's documented format (no emulator
/// exists): <c>POST /event</c> with <c>x-api-key</c> (or a signature or token) and <c>content-type: application/json</c>,
/// body <c>{"channel": "/ns/...", "events": ["&lt;JSON string&gt;", ... at most 5]}</c>, each event at most 240 KB; the
/// answer lists events as <c>successful: [{identifier, index}]</c> and <c>failed: [{identifier, index, errorCode,
/// errorMessage}]</c>, so a 200 can carry failures. Anything else is answered 400 (or 401 for a wrong key) with AppSync's
/// <c>errors</c> shape, so a transport that breaks the format fails its tests.
/// </summary>
public sealed class DocumentedEventsApiFake : IAsyncDisposable
{
    public const string ApiKey = "da2-eventsfakekey";
    public const int MaxEventBytes = 240 * 1024;

    private readonly ConcurrentQueue<FakePublishedEvent> _accepted = new();
    private readonly ConcurrentQueue<FakePublishedEvent> _rejected = new();
    private readonly ConcurrentQueue<string> _formatErrors = new();
    private LoopbackHttpServer _server = null!;
    private int _requestCount;

    private DocumentedEventsApiFake()
    {
    }

    /// <summary>Gets or sets the rule that rejects an event: return (errorCode, errorMessage) to list it under <c>failed</c>.</summary>
    public Func<FakePublishedEvent, (int Code, string Message)?> Reject { get; set; } = static _ => null;

    public Uri EventUrl => new(_server.BaseUrl, "event");

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public IReadOnlyList<FakePublishedEvent> Accepted => _accepted.ToArray();

    public IReadOnlyList<FakePublishedEvent> Rejected => _rejected.ToArray();

    /// <summary>Gets why requests were refused as malformed; a correct transport leaves it empty.</summary>
    public IReadOnlyList<string> FormatErrors => _formatErrors.ToArray();

    public static async Task<DocumentedEventsApiFake> StartAsync()
    {
        var fake = new DocumentedEventsApiFake();
        fake._server = await LoopbackHttpServer.StartAsync(request => Task.FromResult(fake.Answer(request)));
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private (int, string) Answer(RecordedRequest request)
    {
        var number = Interlocked.Increment(ref _requestCount);
        if (request.Method != "POST" || request.PathAndQuery != "/event")
        {
            return BadRequest($"expected POST /event, got {request.Method} {request.PathAndQuery}");
        }

        if (!request.Headers.TryGetValue("x-api-key", out var key) || key != ApiKey)
        {
            return (401, """{"errors":[{"errorType":"UnauthorizedException","message":"You are not authorized to make this call."}]}""");
        }

        if (!request.Headers.TryGetValue("content-type", out var type) || !type.StartsWith("application/json", StringComparison.Ordinal))
        {
            return BadRequest($"content-type must be application/json, got '{type}'");
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body)!.AsObject();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return BadRequest("the body is not a JSON object");
        }

        if (body.Count != 2 || body["channel"] is not JsonValue channelNode || !channelNode.TryGetValue<string>(out var channel) || !channel.StartsWith('/'))
        {
            return BadRequest("the body must be {channel, events} with channel a path starting with '/'");
        }

        if (body["events"] is not JsonArray events || events.Count is < 1 or > 5)
        {
            return BadRequest("events must be an array of 1 to 5 items");
        }

        var parsed = new List<JsonObject>();
        foreach (var item in events)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                return BadRequest("each event must be a JSON value serialized to a string");
            }

            if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxEventBytes)
            {
                return BadRequest("an event is larger than 240 KB");
            }

            try
            {
                parsed.Add(JsonNode.Parse(text)!.AsObject());
            }
            catch (JsonException)
            {
                return BadRequest("an event string is not valid JSON");
            }
        }

        var successful = new JsonArray();
        var failed = new JsonArray();
        for (var i = 0; i < parsed.Count; i++)
        {
            var published = new FakePublishedEvent(channel, i, parsed[i], number);
            var identifier = Guid.NewGuid().ToString();
            if (Reject(published) is { } rejection)
            {
                _rejected.Enqueue(published);
                failed.Add(new JsonObject { ["identifier"] = identifier, ["index"] = i, ["errorCode"] = rejection.Code, ["errorMessage"] = rejection.Message });
            }
            else
            {
                _accepted.Enqueue(published);
                successful.Add(new JsonObject { ["identifier"] = identifier, ["index"] = i });
            }
        }

        return (200, new JsonObject { ["failed"] = failed, ["successful"] = successful }.ToJsonString());
    }

    private (int, string) BadRequest(string why)
    {
        _formatErrors.Enqueue(why);
        return (400, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["errorType"] = "BadRequestException", ["message"] = why }) }.ToJsonString());
    }
}
