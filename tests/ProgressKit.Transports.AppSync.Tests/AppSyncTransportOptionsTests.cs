using ProgressKit.Transports.AppSync.Authorization;
using ProgressKit.Transports.AppSync.Events;
using ProgressKit.Transports.AppSync.GraphQL;

namespace ProgressKit.Transports.AppSync.Tests;

public sealed class AppSyncTransportOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new AppSyncTransportOptions();

        options.Api.Should().Be(AppSyncApi.GraphQL);
        options.AuthorizationMode.Should().Be(AppSyncAuthorizationMode.ApiKey);
        options.HttpEndpoint.Should().BeNull();
        options.RealtimeEndpoint.Should().BeNull();
        options.MaxEventBytes.Should().Be(AppSyncTransportOptions.DefaultMaxEventBytes).And.Be(240_000);
        AppSyncTransportOptions.MaxAllowedEventBytes.Should().Be(245_760);
        AppSyncTransportOptions.SectionName.Should().Be("ProgressKit:AppSync");
        options.GraphQL.MutationDocument.Should().BeNull();
        options.GraphQL.VariablesFactory.Should().BeNull();
        options.Events.ChannelTemplate.Should().Be(AppSyncEventsOptions.DefaultChannelTemplate).And.Be("/progress/jobs/{job_id}");
        options.Events.MaxEventsPerRequest.Should().Be(AppSyncEventsOptions.MaxEventsPerRequestLimit).And.Be(5);
        options.Events.MaxRequestEventBytes.Should().Be(AppSyncEventsOptions.DefaultMaxRequestEventBytes).And.Be(240_000);
        options.Events.BatchWindow.Should().Be(AppSyncEventsOptions.DefaultBatchWindow).And.Be(TimeSpan.Zero);
    }

    [Fact]
    public void DefaultMutationDocument_SelectsEveryFieldOfTheShippedSchema()
    {
        var fields = AppSyncGraphQLOptions.DefaultMutationDocument.Split(['{', '}'])[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        fields.Should().BeEquivalentTo(
            "v", "job_id", "epoch", "seq", "kept_seq", "type", "status", "progress", "stage", "stage_progress", "message", "estimated_seconds_remaining",
            "timestamp", "user_id", "tenant_id", "correlation_id", "source", "truncated", "agent", "chunk", "results", "error", "metadata");
    }
}
