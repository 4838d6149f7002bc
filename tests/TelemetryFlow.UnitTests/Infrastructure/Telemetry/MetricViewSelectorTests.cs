using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Telemetry;

/// <summary>The view rule for meters created by another host's meter factory: platform meters only.</summary>
public sealed class MetricViewSelectorTests
{
    [Fact]
    public void AnotherHostsFactory_DropsItsPlatformMeters_KeepsTheAppsOwn()
    {
        using var hostServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var host = hostServices.GetRequiredService<IMeterFactory>();
        var other = otherServices.GetRequiredService<IMeterFactory>();
        var config = TestRuntimes.Config();
        using var own = new Meter(TelemetryPipeline.InstrumentationName);
        var selector = new MetricViewSelector(own, selfMeter: null, host, new PlatformMeters(config.PlatformMetrics, config.Meters), config);

        var otherHosting = other.Create(PlatformMeters.HostingMeter).CreateCounter<long>("http.server.active_requests");
        var hostHosting = host.Create(PlatformMeters.HostingMeter).CreateCounter<long>("http.server.active_requests");
        var appMeter = other.Create("MyApp.Orders").CreateCounter<long>("orders.placed");

        Assert.Same(MetricStreamConfiguration.Drop, selector.Select(otherHosting));
        Assert.NotSame(MetricStreamConfiguration.Drop, selector.Select(hostHosting));
        Assert.NotSame(MetricStreamConfiguration.Drop, selector.Select(appMeter));
    }
}
