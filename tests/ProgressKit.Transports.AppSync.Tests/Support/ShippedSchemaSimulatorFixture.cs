using ProgressKit.LocalServers;
using ProgressKit.TestUtilities;

namespace ProgressKit.Transports.AppSync.Tests.Support;

/// <summary>The AppSync simulator (with its three defects patched by the launcher) running the schema and resolver users add: docs/appsync-schema.graphql and docs/appsync-resolvers.json.</summary>
public sealed class ShippedSchemaSimulatorFixture : AppSyncSimulatorFixture
{
    public static string SchemaPath => Path.Combine(RepositoryLayout.RootDirectory, "docs", "appsync-schema.graphql");

    public static string ResolversPath => Path.Combine(RepositoryLayout.RootDirectory, "docs", "appsync-resolvers.json");

    protected override string? SchemaFile => SchemaPath;

    protected override string? ResolversFile => ResolversPath;
}

[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<ShippedSchemaSimulatorFixture>
{
    public const string Name = "AppSync simulator";
}
