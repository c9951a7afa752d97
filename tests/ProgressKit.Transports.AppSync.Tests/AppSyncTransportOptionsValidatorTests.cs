using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.AppSync.Authorization;

namespace ProgressKit.Transports.AppSync.Tests;

public sealed class AppSyncTransportOptionsValidatorTests
{
    private static readonly Uri s_awsEndpoint = new("https://abc123.appsync-api.eu-west-1.amazonaws.com/graphql");

    [Fact]
    public void Validate_MissingEndpoint_NamesTheSetting()
    {
        var result = Validate(new AppSyncTransportOptions { ApiKey = "k" });

        result.Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:HttpEndpoint is required");
    }

    [Fact]
    public void Validate_MissingApiKey_NamesTheSetting()
    {
        var result = Validate(new AppSyncTransportOptions { HttpEndpoint = s_awsEndpoint });

        result.Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:ApiKey is required");
    }

    [Fact]
    public void Validate_RelativeOrNonHttpEndpoint_Fails()
    {
        Validate(new AppSyncTransportOptions { ApiKey = "k", HttpEndpoint = new Uri("/graphql", UriKind.Relative) })
            .Failures.Should().ContainSingle().Which.Should().Contain("ProgressKit:AppSync:HttpEndpoint must be an absolute http(s) URL");
        Validate(new AppSyncTransportOptions { ApiKey = "k", HttpEndpoint = new Uri("ftp://x/graphql") })
            .Failures.Should().ContainSingle().Which.Should().Contain("ProgressKit:AppSync:HttpEndpoint");
    }

    [Fact]
    public void Validate_RealtimeEndpointNotWebSocket_NamesTheSetting()
    {
        var result = Validate(new AppSyncTransportOptions { ApiKey = "k", HttpEndpoint = s_awsEndpoint, RealtimeEndpoint = new Uri("https://x/graphql") });

        result.Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:RealtimeEndpoint");
    }

    [Fact]
    public void Validate_IamOnAwsHost_NeedsNoRegion()
    {
        Validate(new AppSyncTransportOptions { HttpEndpoint = s_awsEndpoint, AuthorizationMode = AppSyncAuthorizationMode.Iam }).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Validate_IamOnCustomDomainWithoutRegion_NamesRegion()
    {
        if (Environment.GetEnvironmentVariable("AWS_REGION") is not null || Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is not null)
        {
            // The SDK's default region would satisfy the rule; what is checked then is that the configured one wins.
            Validate(new AppSyncTransportOptions { HttpEndpoint = new Uri("https://api.example.com/graphql"), AuthorizationMode = AppSyncAuthorizationMode.Iam, Region = "eu-west-1" })
                .Succeeded.Should().BeTrue();
            return;
        }

        var result = Validate(new AppSyncTransportOptions { HttpEndpoint = new Uri("https://api.example.com/graphql"), AuthorizationMode = AppSyncAuthorizationMode.Iam });

        result.Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:Region is required");
    }

    [Fact]
    public void Validate_BearerTokenWithoutProvider_NamesTheSetting()
    {
        var result = Validate(new AppSyncTransportOptions { HttpEndpoint = s_awsEndpoint, AuthorizationMode = AppSyncAuthorizationMode.BearerToken });

        result.Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:BearerTokenProvider is required");
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(245_761)]
    public void Validate_MaxEventBytesOutOfRange_NamesTheSetting(int value)
    {
        var result = Validate(new AppSyncTransportOptions { HttpEndpoint = s_awsEndpoint, ApiKey = "k", MaxEventBytes = value });

        result.Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:MaxEventBytes must be between 1024 and 245760");
    }

    [Fact]
    public void Validate_VariablesFactoryWithoutDocument_NamesBothSettings()
    {
        var options = new AppSyncTransportOptions { HttpEndpoint = s_awsEndpoint, ApiKey = "k" };
        options.GraphQL.VariablesFactory = _ => [];

        Validate(options).Failures.Should().ContainSingle().Which.Should()
            .StartWith("ProgressKit:AppSync:GraphQL:VariablesFactory needs ProgressKit:AppSync:GraphQL:MutationDocument");
    }

    [Theory]
    [InlineData("progress/jobs/{job_id}")]
    [InlineData("/{job_id}/jobs")]
    [InlineData("/progress/jobs")]
    [InlineData("/progress/jobs/{job_id}/a/b/c")]
    [InlineData("/progress/jo_bs/{job_id}")]
    public void Validate_BadChannelTemplate_NamesTheSetting(string template)
    {
        var options = new AppSyncTransportOptions { Api = AppSyncApi.Events, HttpEndpoint = s_awsEndpoint, ApiKey = "k" };
        options.Events.ChannelTemplate = template;

        Validate(options).Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:Events:ChannelTemplate");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Validate_EventsPerRequestOutOfRange_NamesTheSetting(int value)
    {
        var options = new AppSyncTransportOptions { Api = AppSyncApi.Events, HttpEndpoint = s_awsEndpoint, ApiKey = "k" };
        options.Events.MaxEventsPerRequest = value;

        Validate(options).Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:Events:MaxEventsPerRequest must be between 1 and 5");
    }

    [Fact]
    public void Validate_BatchWindowTooLong_NamesTheSetting()
    {
        var options = new AppSyncTransportOptions { Api = AppSyncApi.Events, HttpEndpoint = s_awsEndpoint, ApiKey = "k" };
        options.Events.BatchWindow = TimeSpan.FromSeconds(2);

        Validate(options).Failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:AppSync:Events:BatchWindow");
    }

    [Fact]
    public async Task HostStart_MissingEndpoint_FailsNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddProgressKit().AddAppSyncTransport(o => o.ApiKey = "k");
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("ProgressKit:AppSync:HttpEndpoint is required");
    }

    [Fact]
    public void FirstResolve_WithoutHost_FailsNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddProgressKit().AddAppSyncTransport(o => o.HttpEndpoint = s_awsEndpoint);
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetServices<ProgressKit.Transports.IProgressTransport>().ToList();

        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("ProgressKit:AppSync:ApiKey is required");
    }

    private static ValidateOptionsResult Validate(AppSyncTransportOptions options) => new AppSyncTransportOptionsValidator().Validate(null, options);
}
