using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>Registering the health check: safe to call twice, as an app set up by hand and by <c>telemetryflow-gen init</c> does.</summary>
public sealed class TelemetryFlowHealthChecksBuilderExtensionsTests
{
    [Fact]
    public void AddTelemetryFlow_CalledTwice_RegistersOneCheckAndTheServiceStarts()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks().AddTelemetryFlow(failureStatus: HealthStatus.Degraded);
        services.AddHealthChecks().AddTelemetryFlow(failureStatus: HealthStatus.Unhealthy);
        using var provider = services.BuildServiceProvider();

        var registration = Assert.Single(provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal(TelemetryFlowHealthChecksBuilderExtensions.DefaultName, registration.Name);
        Assert.Equal(HealthStatus.Degraded, registration.FailureStatus);

        // Two registrations of one name made this throw "Duplicate health checks were registered".
        Assert.NotNull(provider.GetRequiredService<HealthCheckService>());
    }

    [Fact]
    public void AddTelemetryFlow_AnotherName_AddsASecondCheck()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks().AddTelemetryFlow().AddTelemetryFlow("telemetryflow-ready", tags: ["ready"]);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(
            [TelemetryFlowHealthChecksBuilderExtensions.DefaultName, "telemetryflow-ready"],
            provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).Order());
    }
}
