using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.UnitTests.Application.Configuration;

public sealed class AppSettingsLimitsTests
{
    [Fact]
    public void Read_MetricLimits_FillTheLimitsLayer()
    {
        var section = new Dictionary<string, string?> { ["MetricCardinalityLimit"] = "100", ["MaxMetricStreams"] = "5000" };

        var (settings, errors) = AppSettingsReader.Read(section.GetValueOrDefault, _ => [], section.Keys, "TelemetryFlow");

        Assert.Empty(errors);
        Assert.Equal((100, 5000), (settings.Get(SettingCatalog.MetricCardinalityLimit), settings.Get(SettingCatalog.MaxMetricStreams)));
    }

    [Fact]
    public void Read_MalformedMetricLimit_ReportsTheKey()
    {
        var section = new Dictionary<string, string?> { ["MaxMetricStreams"] = "lots" };

        var (_, errors) = AppSettingsReader.Read(section.GetValueOrDefault, _ => [], section.Keys, "TelemetryFlow");

        Assert.Contains("TelemetryFlow:MaxMetricStreams", SettingMessages.Render(Assert.Single(errors), []), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MaxMetricStreamsBelowOne_IsRefusedNamingTheVariable()
    {
        var error = Assert.Throws<ConfigurationException>(() => TestConfigs.ValidBuilder().WithLimits(maxMetricStreams: 0).Build());

        Assert.Contains(TelemetryFlowEnvironmentVariables.MetricMaxStreams, string.Join(" ", error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Limits_ReachTheConfig()
    {
        var config = TestConfigs.ValidBuilder().WithLimits(metricCardinality: 100, maxMetricStreams: 50, attributeKeyLength: 64).Build();

        Assert.Equal((100, 50, 64), (config.Limits.MetricCardinality, config.Limits.MaxMetricStreams, config.Limits.AttributeKeyLength));
    }
}
