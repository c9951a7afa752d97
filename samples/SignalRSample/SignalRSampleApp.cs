using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Samples.Shared;
using ProgressKit.Transports.SignalR;

namespace ProgressKit.Samples.SignalR;

/// <summary>
/// The SignalR sample: the simulated agent pipeline publishing through the SignalR transport, the progress hub,
/// the <c>/jobs</c> API and the live dashboard. Kept out of Program.cs so that tests can host the very same app.
/// </summary>
public static class SignalRSampleApp
{
    /// <summary>Where the sample listens unless <c>--urls</c> (or <c>ASPNETCORE_URLS</c>) says otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the app from command-line arguments; call <c>Run</c> or <c>StartAsync</c> on the result.</summary>
    /// <param name="args">The command line, for example <c>--urls http://127.0.0.1:0</c>.</param>
    /// <returns>The configured app.</returns>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Keep the console to start-up lines and problems, not one line per request and hub call.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddSignalR();
        builder.Services.AddProgressKit(o => o.Source = "signalr-sample")

            // Demo only: the sample has no sign-in, so anonymous callers may watch and cancel jobs that have no
            // owner (the jobs POST /jobs starts for anonymous callers). Real apps leave this off.
            .AddSignalRTransport(o => o.Hub.AllowAnonymous = true);
        builder.Services.AddSampleJobs();

        var app = builder.Build();
        app.MapProgressHub();
        app.MapSampleJobEndpoints();
        app.MapSampleDashboard(new JsonObject { ["transport"] = "signalr", ["hubUrl"] = ProgressHub.DefaultPattern });
        return app;
    }
}
