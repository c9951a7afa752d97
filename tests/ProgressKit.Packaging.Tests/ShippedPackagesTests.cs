namespace ProgressKit.Packaging.Tests;

public sealed class ShippedPackagesTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    // Brought in transitively by what we reference, or pinned only because the build machine's feed lacks a lower bound:
    // listing them would make them direct dependencies of every consumer.
    private static readonly string[] TransitiveOnly =
    [
        "MessagePack", "Microsoft.NET.StringTools", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging",
    ];

    [Fact]
    public void EveryPackage_DependsOnMinimumVersions_NeverExactRanges_NoTransitivePins()
    {
        var dependencies = packages.Dependencies();

        dependencies.Keys.Should().BeEquivalentTo(
            "ProgressKit", "ProgressKit.Streams.StackExchangeRedis", "ProgressKit.Transports.SignalR", "ProgressKit.Transports.SignalR.Client",
            "ProgressKit.Transports.SignalR.StackExchangeRedis", "ProgressKit.Transports.ApiGateway", "ProgressKit.Transports.AppSync");
        foreach (var (package, list) in dependencies)
        {
            foreach (var (id, version) in list)
            {
                version.Should().NotStartWith("[", $"{package} -> {id} must be a minimum version, not an exact range");
                version.Should().NotContain(",", $"{package} -> {id} must have no upper bound");
            }

            list.Select(d => d.Id).Should().NotIntersectWith(TransitiveOnly, $"{package} must not list transitive pins");
        }
    }

    [Fact]
    public async Task Consumer_WithNewerAwsAndMicrosoftExtensionsPackages_RestoresAndBuildsWithoutWarnings()
    {
        var consumer = Directory.CreateTempSubdirectory("progresskit-consumer-").FullName;
        try
        {
            WriteConsumer(consumer);

            var (exitCode, output) = await DotNetCli.RunAsync(consumer, TimeSpan.FromMinutes(8), "build", "-c", "Release");

            exitCode.Should().Be(0, $"the consumer must restore and build with warnings as errors:\n{output}");
            output.Should().NotContain("NU1608").And.NotContain("NU1605").And.NotContain("NU1107");
        }
        finally
        {
            Directory.Delete(consumer, recursive: true);
        }
    }

    private void WriteConsumer(string folder)
    {
        // Outside the repository, so none of its Directory.*.props apply: a consumer's own project, as it would be.
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="progresskit-local" value="{packages.Folder}" />
              </packageSources>
            </configuration>
            """);
        var ours = new[]
        {
            "ProgressKit", "ProgressKit.Streams.StackExchangeRedis", "ProgressKit.Transports.SignalR", "ProgressKit.Transports.SignalR.Client",
            "ProgressKit.Transports.SignalR.StackExchangeRedis", "ProgressKit.Transports.ApiGateway", "ProgressKit.Transports.AppSync",
        };
        var newer = new (string Id, string Version)[]
        {
            ("AWSSDK.Core", "4.1.1"),
            ("AWSSDK.DynamoDBv2", "4.1.0.1"),
            ("Microsoft.Extensions.Http", "11.0.0"),
            ("Microsoft.Extensions.Options", "11.0.0"),
            ("Microsoft.Extensions.Logging.Abstractions", "11.0.0"),
            ("Microsoft.Extensions.DependencyInjection.Abstractions", "11.0.0"),
            ("Microsoft.Extensions.Hosting.Abstractions", "11.0.0"),
            ("Microsoft.Extensions.Diagnostics.HealthChecks", "11.0.0"),
        };
        var references = string.Join("\n    ", ours.Select(id => $"""<PackageReference Include="{id}" Version="{packages.Version}" />""")
            .Concat(newer.Select(p => $"""<PackageReference Include="{p.Id}" Version="{p.Version}" />""")));
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- NU1603 (a wanted lower bound is not on the feed, the next version was taken) is a property of the
                     build machine's partial package mirror, not of our packages. -->
                <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
              </PropertyGroup>
              <ItemGroup>
                {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using ProgressKit;
            using ProgressKit.Transports.ApiGateway;

            var services = new ServiceCollection();
            services.AddProgressKit(o => o.Source = "consumer")
                .AddApiGatewayTransport(o => o.Endpoint = new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"));
            Console.WriteLine(typeof(ProgressKit.Transports.SignalR.ProgressHub).FullName);
            Console.WriteLine(typeof(ProgressKit.Transports.AppSync.AppSyncTransportOptions).FullName);
            """);
    }
}
