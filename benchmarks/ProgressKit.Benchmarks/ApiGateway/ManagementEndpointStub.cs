using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProgressKit.Benchmarks.ApiGateway;

/// <summary>
/// A local API Gateway management API for benchmarks: Kestrel on 127.0.0.1 answering every
/// <c>POST @connections/{id}</c> with 200 after an optional fixed delay (API Gateway's own latency).
/// </summary>
internal sealed class ManagementEndpointStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ManagementEndpointStub(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ManagementEndpointStub> StartAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            // Read the body as API Gateway does before it answers.
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            context.Response.StatusCode = 200;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ManagementEndpointStub(app, new Uri(address + "/"));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
