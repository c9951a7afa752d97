using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ProgressKit.Transports.ApiGateway.Routing;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>
/// The HTTP endpoint serverless-offline's shim POSTs every route event to: it hands the event to the current test's
/// <see cref="ApiGatewayRouteHandler"/> and answers with its route response, as a Lambda function would.
/// </summary>
/// <remarks>
/// It also plays API Gateway's Lambda authorizer, which the emulator's stack does not configure: on <c>$connect</c> a
/// <c>?user=..&amp;tenant=..</c> query becomes <c>requestContext.authorizer {userId, tenantId}</c>, the context a REQUEST
/// authorizer returns. A <c>?tag=..</c> query records the connection id under that tag, so a test learns its client's id.
/// </remarks>
internal sealed class RouteBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _tags = new();

    private RouteBackend(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Gets the URL serverless-offline forwards to.</summary>
    public Uri Url { get; }

    /// <summary>Gets or sets the handler of the running test.</summary>
    public ApiGatewayRouteHandler? Handler { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>$disconnect</c> events are lost, as API Gateway may lose them.</summary>
    public bool LoseDisconnects { get; set; }

    public static async Task<RouteBackend> StartAsync()
    {
        RouteBackend? backend = null;
        var (app, url) = await LoopbackWebApp.StartAsync(app => app.MapPost("/ws", (Delegate)((HttpContext ctx) => backend!.HandleAsync(ctx))));
        backend = new RouteBackend(app, new Uri(url, "ws"));
        return backend;
    }

    /// <summary>Returns the connection id of the client that connected with <c>?tag=<paramref name="tag"/></c>.</summary>
    public Task<string> ConnectionIdAsync(string tag) => _tags.GetOrAdd(tag, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WithTimeout();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var routeEvent = JsonNode.Parse(body.ToArray())!.AsObject();
        var requestContext = routeEvent["requestContext"]!.AsObject();
        var eventType = (string?)requestContext["eventType"];
        if (eventType == "CONNECT" && routeEvent["queryStringParameters"] is JsonObject query)
        {
            PlayAuthorizer(requestContext, query);
        }

        if (eventType == "DISCONNECT" && LoseDisconnects)
        {
            return Results.Content("{\"statusCode\":200}", "application/json");
        }

        var handler = Handler ?? throw new InvalidOperationException("No test handler is set.");
        var response = await handler.HandleAsync(System.Text.Encoding.UTF8.GetBytes(routeEvent.ToJsonString()), context.RequestAborted);
        return Results.Bytes(response.ToUtf8Json(), "application/json");
    }

    private void PlayAuthorizer(JsonObject requestContext, JsonObject query)
    {
        if (query["user"] is JsonValue user)
        {
            var authorizer = new JsonObject { ["principalId"] = "from-authorizer", ["userId"] = (string?)user };
            if (query["tenant"] is JsonValue tenant)
            {
                authorizer["tenantId"] = (string?)tenant;
            }

            requestContext["authorizer"] = authorizer;
        }

        if (query["tag"] is JsonValue tag)
        {
            _tags.GetOrAdd((string)tag!, _ => new(TaskCreationOptions.RunContinuationsAsynchronously))
                .TrySetResult((string)requestContext["connectionId"]!);
        }
    }
}
