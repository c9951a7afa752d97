using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;

namespace ProgressKit.Transports.ApiGateway.Tests.Routing;

/// <summary>In a Lambda the route handler is registered on a bare collection: it must never silence the app's logs.</summary>
public class RouteHandlerLoggingRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AppLogsReachTheAppsProvider_WhicheverIsRegisteredFirst(bool routeHandlerFirst)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionRegistry, InMemoryConnectionRegistry>();
        if (routeHandlerFirst)
        {
            services.AddApiGatewayRouteHandler();
            services.AddFakeLogging();
        }
        else
        {
            services.AddFakeLogging();
            services.AddApiGatewayRouteHandler();
        }

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ApiGatewayRouteHandler>().Should().NotBeNull();
        provider.GetRequiredService<ILogger<RouteHandlerLoggingRegistrationTests>>().LogWarning("app line");

        provider.GetRequiredService<ILoggerFactory>().Should().BeOfType<LoggerFactory>("the application's factory, not a null one");
        provider.GetFakeLogCollector().GetSnapshot().Should().Contain(r => r.Message == "app line");
    }

    [Fact]
    public void WithoutAnyLogging_TheRouteHandlerStillResolves()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionRegistry, InMemoryConnectionRegistry>();
        services.AddApiGatewayRouteHandler();
        using var provider = services.BuildServiceProvider();

        provider.GetService<ILoggerFactory>().Should().BeNull("the route handler registers no logger factory of its own");
        provider.GetRequiredService<ApiGatewayRouteHandler>().Should().NotBeNull();
    }
}
