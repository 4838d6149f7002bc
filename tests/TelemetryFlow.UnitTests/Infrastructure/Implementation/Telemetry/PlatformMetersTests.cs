using System.Diagnostics.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

public sealed class PlatformMetersTests
{
    [Theory]
    [InlineData(PlatformMetrics.None, new string[0])]
    [InlineData(PlatformMetrics.Runtime, new[] { "System.Runtime" })]
    [InlineData(PlatformMetrics.Process, new[] { "System.Runtime" })]
    [InlineData(PlatformMetrics.HttpClient, new[] { "System.Net.Http", "System.Net.NameResolution" })]
    [InlineData(PlatformMetrics.Kestrel, new[] { "Microsoft.AspNetCore.Server.Kestrel" })]
    public void Names_OneGroup_AreItsMeters(PlatformMetrics group, string[] expected)
    {
        Assert.Equal(expected, new PlatformMeters(group, []).Names);
    }

    [Fact]
    public void Names_AspNetCore_IncludeHostingRoutingAndDiagnostics()
    {
        var names = new PlatformMeters(PlatformMetrics.AspNetCore, []).Names;

        Assert.Contains("Microsoft.AspNetCore.Hosting", names);
        Assert.Contains("Microsoft.AspNetCore.Routing", names);
        Assert.Contains("Microsoft.AspNetCore.Diagnostics", names);
        Assert.DoesNotContain("Microsoft.AspNetCore.Server.Kestrel", names);
    }

    [Theory]
    [InlineData(PlatformMetrics.Runtime | PlatformMetrics.Process, false, false, false)]
    [InlineData(PlatformMetrics.Runtime, false, false, true)]
    [InlineData(PlatformMetrics.Process, false, true, false)]
    [InlineData(PlatformMetrics.Process, true, false, false)]
    public void LeavesOut_RuntimeAndProcessSplit_DropsTheGroupThatIsOff(PlatformMetrics groups, bool appListsRuntime, bool dropsRuntime, bool dropsProcess)
    {
        using var runtime = new Meter("System.Runtime");
        var platform = new PlatformMeters(groups, appListsRuntime ? ["System.Runtime"] : []);

        Assert.Equal(dropsRuntime, platform.LeavesOut(runtime.CreateCounter<long>("dotnet.gc.collections")));
        Assert.Equal(dropsProcess, platform.LeavesOut(runtime.CreateCounter<long>("dotnet.process.cpu.time")));
    }

    [Fact]
    public void CardinalityLimit_RuntimeInstruments_AreCappedOthersKeepTheSetting()
    {
        using var runtime = new Meter("System.Runtime");
        using var http = new Meter("System.Net.Http");

        Assert.Equal(PlatformMeters.RuntimeCardinalityLimit, PlatformMeters.CardinalityLimit(runtime.CreateCounter<long>("dotnet.exceptions"), 2000));
        Assert.Equal(PlatformMeters.EnumeratedRuntimeCardinalityLimit, PlatformMeters.CardinalityLimit(runtime.CreateCounter<long>("dotnet.gc.collections"), 2000));
        Assert.Equal(PlatformMeters.EnumeratedRuntimeCardinalityLimit, PlatformMeters.CardinalityLimit(runtime.CreateCounter<long>("dotnet.process.cpu.time"), 2000));
        Assert.Equal(10, PlatformMeters.CardinalityLimit(runtime.CreateCounter<long>("dotnet.gc.collections"), 10));
        Assert.Equal(50, PlatformMeters.CardinalityLimit(runtime.CreateCounter<long>("dotnet.exceptions"), 50));
        Assert.Equal(2000, PlatformMeters.CardinalityLimit(http.CreateCounter<long>("http.client.open_connections"), 2000));
    }
}
