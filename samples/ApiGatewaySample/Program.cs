// The API Gateway sample: one command, no AWS account.
//   dotnet run --project samples/ApiGatewaySample [-- --port 5080]
// 1. starts dynalite (DynamoDB) and creates the registry tables;
// 2. starts the API Gateway WebSocket emulator (serverless-offline), whose routes ($connect, $disconnect, messages)
//    POST each route event to this app's /apigateway/route endpoint, where the route handler answers it, as a Lambda
//    function would;
// 3. serves the dashboard page, which connects to the emulator's WebSocket (config.json below);
// 4. POST /jobs runs the shared simulated pipeline, which publishes through the API Gateway transport (management API
//    of the emulator). Cancel from the page sets the job's flag in DynamoDB; the running job polls it.
// When ready it prints one line: READY page=<url> websocket=<ws url>
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using ProgressKit;
using ProgressKit.LocalServers;
using ProgressKit.Samples.Shared;
using ProgressKit.Transports.ApiGateway;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;

const string RoutePath = "/apigateway/route";

var builder = WebApplication.CreateBuilder(args);
var port = builder.Configuration.GetValue<int?>("port") ?? FreePort.Get();
var pageUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
builder.WebHost.UseUrls(pageUrl);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

// Nothing leaves the machine: the emulators run on loopback, and the AWS SDK must not look for instance metadata.
Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
await using var dynamoDb = await DynaliteServer.StartAsync();
await using var gateway = await ServerlessOfflineServer.StartAsync(new Uri(pageUrl + RoutePath.TrimStart('/')));

builder.Services.AddProgressKit(o =>
    {
        o.Source = "apigateway-sample";
        // The page's cancel button reaches the job through the DynamoDB flag; ask it often in the sample.
        o.CancellationPollInterval = TimeSpan.FromMilliseconds(500);
    })
    .AddApiGatewayTransport(o =>
    {
        o.Endpoint = gateway.ManagementEndpoint;
        o.Region = "us-east-1";
        // The emulators check no signatures; any credentials do (and no AWS account is needed).
        o.Credentials = new BasicAWSCredentials("local", "local");
        o.Registry.ServiceUrl = dynamoDb.ServiceUrl;
        // The sample has no authorizer: anonymous browsers may follow jobs that have no user (the sample's jobs).
        o.AllowAnonymous = true;
    });
builder.Services.AddSampleJobs();

var app = builder.Build();
await app.Services.GetRequiredService<ConnectionRegistryProvisioner>().EnsureTablesAsync();

// What a Lambda function (or an HTTP integration) does on AWS: hand the route event to the handler, return its answer.
app.MapPost(RoutePath, async (HttpRequest request, ApiGatewayRouteHandler handler, CancellationToken cancellationToken) =>
{
    var response = await handler.HandleAsync(request.Body, cancellationToken);
    return Results.Bytes(response.ToUtf8Json(), "application/json");
});
app.MapSampleJobEndpoints();
app.MapSampleDashboard(new JsonObject
{
    ["transport"] = "apigateway",
    ["websocketUrl"] = gateway.WebSocketUrl.ToString().TrimEnd('/'),
});

await app.StartAsync();
Console.WriteLine($"READY page={pageUrl} websocket={gateway.WebSocketUrl.ToString().TrimEnd('/')}");
await app.WaitForShutdownAsync();
