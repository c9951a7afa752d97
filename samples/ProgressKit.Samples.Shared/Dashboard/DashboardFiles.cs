using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ProgressKit.Samples.Shared.Dashboard;

/// <summary>Serves the dashboard page (and the app's own <c>wwwroot/lib</c>) from the app's output folder.</summary>
internal static class DashboardFiles
{
    public static void Use(WebApplication app, string root)
    {
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            throw new InvalidOperationException(
                $"The dashboard page was not found at {Path.Combine(root, "index.html")}. ProgressKit.Samples.Shared copies its " +
                "wwwroot folder to the output of every app that references it: build the sample (dotnet build) and run it from its output.");
        }

        var files = new PhysicalFileProvider(root);
        app.Lifetime.ApplicationStopped.Register(files.Dispose);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),

            // Revalidate on every load so a rebuilt sample never runs yesterday's scripts.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
