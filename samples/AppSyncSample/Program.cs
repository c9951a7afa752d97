// The AppSync sample: one command, no AWS account.
//   dotnet run --project samples/AppSyncSample [-- --port 5080]
// 1. starts the AppSync simulator (npm, on loopback) with docs/appsync-schema.graphql and its NONE resolver;
// 2. serves the dashboard page, which subscribes over AppSync's real-time protocol (config.json below);
// 3. POST /jobs runs the shared simulated agent pipeline, which publishes through the AppSync transport.
// When ready it prints one line: READY page=<url> graphql=<url> realtime=<ws url> api_key=<key>
using System.Globalization;
using System.Text.Json.Nodes;
using ProgressKit;
using ProgressKit.LocalServers;
using ProgressKit.Samples.Shared;
using ProgressKit.Transports.AppSync;

var schemaDirectory = Path.Combine(AppContext.BaseDirectory, "appsync");
await using var simulator = await AppSyncSimulatorServer.StartAsync(
    Path.Combine(schemaDirectory, "appsync-schema.graphql"),
    Path.Combine(schemaDirectory, "appsync-resolvers.json"));

var builder = WebApplication.CreateBuilder(args);
var port = builder.Configuration.GetValue<int?>("port") ?? FreePort.Get();
builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

builder.Services.AddProgressKit(o => o.Source = "appsync-sample")
    .AddAppSyncTransport(o =>
    {
        o.HttpEndpoint = simulator.GraphQlUrl;
        o.RealtimeEndpoint = simulator.RealtimeUrl;
        o.ApiKey = simulator.ApiKey;
    });
builder.Services.AddSampleJobs();

var app = builder.Build();
app.MapSampleJobEndpoints();
app.MapSampleDashboard(new JsonObject
{
    ["transport"] = "appsync",
    ["realtimeUrl"] = simulator.RealtimeUrl.ToString(),
    // The real-time protocol authorizes with the GraphQL (HTTP) host, not the real-time host.
    ["host"] = simulator.GraphQlUrl.Authority,
    ["apiKey"] = simulator.ApiKey,
});

await app.StartAsync();
Console.WriteLine($"READY page=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/ graphql={simulator.GraphQlUrl} realtime={simulator.RealtimeUrl} api_key={simulator.ApiKey}");
await app.WaitForShutdownAsync();
