namespace ProgressKit.Transports.AppSync.Tests;

public sealed class AppSyncEndpointsTests
{
    [Fact]
    public void GetRealtimeEndpoint_AwsGraphQLHost_UsesTheRealtimeHost()
    {
        var options = new AppSyncTransportOptions { HttpEndpoint = new Uri("https://abc.appsync-api.eu-west-1.amazonaws.com/graphql") };

        AppSyncEndpoints.GetRealtimeEndpoint(options).Should().Be(new Uri("wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql"));
    }

    [Fact]
    public void GetRealtimeEndpoint_AwsEventsHost_UsesEventRealtimePath()
    {
        var options = new AppSyncTransportOptions { Api = AppSyncApi.Events, HttpEndpoint = new Uri("https://abc.appsync-api.eu-west-1.amazonaws.com/event") };

        AppSyncEndpoints.GetRealtimeEndpoint(options).Should().Be(new Uri("wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/event/realtime"));
    }

    [Fact]
    public void GetRealtimeEndpoint_CustomDomainOrSimulator_StaysOnTheHttpHost()
    {
        AppSyncEndpoints.GetRealtimeEndpoint(new AppSyncTransportOptions { HttpEndpoint = new Uri("https://api.example.com/graphql") })
            .Should().Be(new Uri("wss://api.example.com/graphql/realtime"));
        AppSyncEndpoints.GetRealtimeEndpoint(new AppSyncTransportOptions { HttpEndpoint = new Uri("http://127.0.0.1:4567/graphql") })
            .Should().Be(new Uri("ws://127.0.0.1:4567/graphql/realtime"));
    }

    [Fact]
    public void GetRealtimeEndpoint_Configured_WinsOverDerivation()
    {
        var options = new AppSyncTransportOptions { HttpEndpoint = new Uri("https://api.example.com/graphql"), RealtimeEndpoint = new Uri("wss://rt.example.com/graphql") };

        AppSyncEndpoints.GetRealtimeEndpoint(options).Should().Be(new Uri("wss://rt.example.com/graphql"));
    }

    [Fact]
    public void GetPublishEndpoint_WithoutPath_AddsTheApiPath()
    {
        AppSyncEndpoints.GetPublishEndpoint(new AppSyncTransportOptions { HttpEndpoint = new Uri("https://abc.appsync-api.eu-west-1.amazonaws.com") })
            .Should().Be(new Uri("https://abc.appsync-api.eu-west-1.amazonaws.com/graphql"));
        AppSyncEndpoints.GetPublishEndpoint(new AppSyncTransportOptions { Api = AppSyncApi.Events, HttpEndpoint = new Uri("https://abc.appsync-api.eu-west-1.amazonaws.com/") })
            .Should().Be(new Uri("https://abc.appsync-api.eu-west-1.amazonaws.com/event"));
        AppSyncEndpoints.GetPublishEndpoint(new AppSyncTransportOptions { HttpEndpoint = new Uri("https://api.example.com/v1/graphql") })
            .Should().Be(new Uri("https://api.example.com/v1/graphql"));
    }
}
