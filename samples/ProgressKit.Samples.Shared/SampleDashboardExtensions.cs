using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ProgressKit.Samples.Shared.Dashboard;

namespace ProgressKit.Samples.Shared;

/// <summary>Serves the sample dashboard page and the transport settings it boots from.</summary>
public static class SampleDashboardExtensions
{
    /// <summary>The path of the transport settings the page reads first.</summary>
    public const string ConfigPath = "/config.json";

    /// <summary>
    /// Gets the folder the page is served from: <c>wwwroot</c> beside the app's assembly, where the build copies
    /// ProgressKit.Samples.Shared's page. An app's own static files (for example <c>lib/signalr/signalr.min.js</c>)
    /// belong in the same folder: copy them to <c>$(OutDir)wwwroot/lib/</c> at build.
    /// </summary>
    public static string WebRootPath { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>
    /// Serves the dashboard at <c>/</c> (index.html) and below (css/, js/, and the app's lib/), all from
    /// <see cref="WebRootPath"/>, and <c>GET /config.json</c> with <paramref name="config"/>, for example
    /// <c>{"transport": "signalr", "hubUrl": "/hubs/progress"}</c>.
    /// </summary>
    /// <param name="app">The app; call this before <c>Run</c>, in the place of <c>UseStaticFiles</c>.</param>
    /// <param name="config">The transport settings; its <c>transport</c> (signalr, apigateway or appsync) picks the page's adapter.</param>
    /// <returns>The app.</returns>
    /// <exception cref="ArgumentException"><paramref name="config"/> has no <c>transport</c> string.</exception>
    /// <exception cref="InvalidOperationException">The page is missing from the output folder.</exception>
    public static WebApplication MapSampleDashboard(this WebApplication app, JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfNoTransport(config);
        var body = JsonSerializer.SerializeToUtf8Bytes(config, JsonNodeContext.Default.JsonObject);
        return MapCore(app, _ => body);
    }

    /// <summary>
    /// Like <see cref="MapSampleDashboard(WebApplication, JsonObject)"/>, with settings made per request: for settings known
    /// only once an emulator has started, or that depend on the host name the browser used.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="config">Makes the transport settings for a request.</param>
    /// <returns>The app.</returns>
    public static WebApplication MapSampleDashboard(this WebApplication app, Func<HttpContext, JsonObject> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return MapCore(app, context => JsonSerializer.SerializeToUtf8Bytes(config(context), JsonNodeContext.Default.JsonObject));
    }

    /// <summary>
    /// Like <see cref="MapSampleDashboard(WebApplication, JsonObject)"/>, with the settings as a typed object (a record)
    /// written with its source-generated metadata (mind the page's camelCase names, for example <c>hubUrl</c>).
    /// </summary>
    /// <typeparam name="TConfig">The settings type.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="config">The transport settings.</param>
    /// <param name="typeInfo">The settings type's source-generated metadata.</param>
    /// <returns>The app.</returns>
    public static WebApplication MapSampleDashboard<TConfig>(this WebApplication app, TConfig config, JsonTypeInfo<TConfig> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var body = JsonSerializer.SerializeToUtf8Bytes(config, typeInfo);
        ThrowIfNoTransport(JsonNode.Parse(body) as JsonObject);
        return MapCore(app, _ => body);
    }

    private static WebApplication MapCore(WebApplication app, Func<HttpContext, byte[]> config)
    {
        ArgumentNullException.ThrowIfNull(app);
        DashboardFiles.Use(app, WebRootPath);
        app.MapGet(ConfigPath, async context =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(config(context), context.RequestAborted).ConfigureAwait(false);
        }).WithName("SampleDashboardConfig");
        return app;
    }

    private static void ThrowIfNoTransport(JsonObject? config)
    {
        if (config?["transport"] is not JsonValue transport || !transport.TryGetValue<string>(out var name) || string.IsNullOrEmpty(name))
        {
            throw new ArgumentException(
                "The dashboard config needs a \"transport\" string (signalr, apigateway or appsync) and that transport's settings, for example {\"transport\": \"signalr\", \"hubUrl\": \"/hubs/progress\"}.",
                nameof(config));
        }
    }
}
