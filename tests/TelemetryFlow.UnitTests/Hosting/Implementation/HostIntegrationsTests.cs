using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelemetryFlow.AspNetCore;
using TelemetryFlow.Hosting.Implementation;
using TelemetryFlow.Infrastructure.Implementation.Logging;

namespace TelemetryFlow.UnitTests.Hosting.Implementation;

/// <summary>How TelemetryFlow.Hosting finds the ASP.NET Core integration (this test project references TelemetryFlow.AspNetCore).</summary>
public sealed class HostIntegrationsTests
{
    [Fact]
    public void Discover_AspNetCoreReferenced_FindsItsIntegrationByTheNameHostingUses()
    {
        var integration = Assert.Single(HostIntegrations.Discover());

        var type = integration.GetType();
        Assert.Equal(HostIntegrations.AspNetCoreTypeName, type.FullName);
        Assert.Equal(HostIntegrations.AspNetCoreAssemblyName, type.Assembly.GetName().Name);
    }

    [Fact]
    public void AddTelemetryFlow_CalledTwice_AddsTheAspNetCorePartOnce()
    {
        var services = new ServiceCollection();

        services.AddTelemetryFlow().AddTelemetryFlow();

        using var provider = services.BuildServiceProvider();
        var rules = provider.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;
        Assert.Single(rules, r => r.CategoryName == "Microsoft.AspNetCore.Hosting.Diagnostics" && r.ProviderName == typeof(TelemetryFlowLoggerProvider).FullName);
        Assert.Contains("/health", provider.GetRequiredService<IOptions<TelemetryFlowMiddlewareOptions>>().Value.ExcludedPaths);
    }
}
