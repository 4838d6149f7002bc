using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

public sealed class ExporterParentProviderTests
{
    /// <summary>Fails when an OpenTelemetry upgrade removes the internal setter the OTLP resource depends on.</summary>
    [Fact]
    public void IsAvailable_ForEverySignal_IsTrue()
    {
        Assert.True(ExporterParentProvider<Activity>.IsAvailable);
        Assert.True(ExporterParentProvider<Metric>.IsAvailable);
        Assert.True(ExporterParentProvider<LogRecord>.IsAvailable);
    }

    [Fact]
    public void Set_Exporter_SetsItsParentProvider()
    {
        using var exporter = new FakeActivityExporter();
        using var provider = Sdk.CreateTracerProviderBuilder().Build();

        ExporterParentProvider<Activity>.Set(exporter, provider!);

        Assert.Same(provider, exporter.ParentProvider);
    }
}
