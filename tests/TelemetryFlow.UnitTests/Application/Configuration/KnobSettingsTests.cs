namespace TelemetryFlow.UnitTests.Application.Configuration;

/// <summary>The cost and enterprise knobs through code, the environment (OTEL_* included) and appsettings, and their errors.</summary>
public sealed class KnobSettingsTests
{
    [Theory]
    [InlineData("parentbased_rate_limited", "25", 25.0, true)]
    [InlineData("rate_limited", "0.5", 0.5, false)]
    public void OtelTracesSampler_RateLimited_SetsTracesPerSecond(string sampler, string argument, double expected, bool parentBased)
    {
        var config = FromVariables(new() { ["OTEL_TRACES_SAMPLER"] = sampler, ["OTEL_TRACES_SAMPLER_ARG"] = argument }).Build();

        Assert.Equal((expected, parentBased, 1.0), (config.TracesPerSecond, config.ParentBasedSampling, config.SamplingRatio));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("fast")]
    public void OtelTracesSampler_RateLimitedWithoutAPositiveRate_IsAnErrorNamingTheArgument(string? argument)
    {
        var errors = TestConfigs.BuildFails(FromVariables(new() { ["OTEL_TRACES_SAMPLER"] = "rate_limited", ["OTEL_TRACES_SAMPLER_ARG"] = argument })).Errors;

        Assert.Equal(
            "OTEL_TRACES_SAMPLER=rate_limited needs OTEL_TRACES_SAMPLER_ARG set to the traces per second, a number greater than 0, for example 50.",
            Assert.Single(errors));
    }

    [Fact]
    public void TracesPerSecond_OwnVariable_WinsOverTheOtelSampler()
    {
        var config = FromVariables(new()
        {
            ["TELEMETRYFLOW_TRACES_PER_SECOND"] = "10",
            ["OTEL_TRACES_SAMPLER"] = "parentbased_rate_limited",
            ["OTEL_TRACES_SAMPLER_ARG"] = "99",
        }).Build();

        Assert.Equal(10, config.TracesPerSecond);
    }

    [Fact]
    public void TracesPerSecond_Negative_IsAnErrorWithTheRange()
    {
        var error = Assert.Single(TestConfigs.BuildFails(TestConfigs.ValidBuilder().WithTracesPerSecond(-1)).Errors);

        Assert.Equal("Traces per second (TELEMETRYFLOW_TRACES_PER_SECOND, WithTracesPerSecond) is -1; it must be 0 (no limit) or a number of traces per second up to 1000000.", error);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "Delta", MetricTemporality.Delta)]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "lowmemory", MetricTemporality.LowMemory)]
    [InlineData("TELEMETRYFLOW_METRICS_TEMPORALITY", "cumulative", MetricTemporality.Cumulative)]
    public void Temporality_FromVariables_IsParsed(string variable, string text, MetricTemporality expected) =>
        Assert.Equal(expected, FromVariables(new() { [variable] = text }).Build().MetricsTemporality);

    [Fact]
    public void Temporality_Unknown_IsAnErrorListingTheForms()
    {
        var error = Assert.Single(TestConfigs.BuildFails(FromVariables(new() { ["OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"] = "sometimes" })).Errors);

        Assert.Equal("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE='sometimes' is not valid; use cumulative, delta or lowmemory.", error);
    }

    [Theory]
    [InlineData("base2_exponential_bucket_histogram", HistogramAggregation.Base2Exponential)]
    [InlineData("explicit_bucket_histogram", HistogramAggregation.ExplicitBuckets)]
    public void HistogramAggregation_FromTheOtelVariable_IsParsed(string text, HistogramAggregation expected) =>
        Assert.Equal(expected, FromVariables(new() { ["OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION"] = text }).Build().HistogramAggregation);

    [Fact]
    public void MetricViews_InAppSettings_AreReadInOrderAfterTheCodeViews()
    {
        var section = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["MetricViews:db.client.*:Drop"] = "true",
            ["MetricViews:orders.placed:Name"] = "shop.orders.placed",
            ["MetricViews:orders.placed:AttributeKeys:0"] = "region",
            ["MetricViews:latency:Buckets:0"] = "0.1",
            ["MetricViews:latency:Buckets:1"] = "1",
            ["MetricViews:queue.wait:Aggregation"] = "Base2Exponential",
            ["MetricViews:queue.wait:Meter"] = "MyApp",
            ["BaggageKeys:0"] = "tenant.",
            ["BaggageKeys:1"] = "user.id",
        };

        var config = FromSection(section, TestConfigs.ValidBuilder().WithMetricView(MetricView.DropInstrument("first"))).Build();

        Assert.Equal(["first", "db.client.*", "orders.placed", "latency", "MyApp/queue.wait"], config.MetricViews.Select(v => v.ToString()));
        Assert.True(config.MetricViews[1].Drop);
        Assert.Equal(("shop.orders.placed", "region"), (config.MetricViews[2].Name, Assert.Single(config.MetricViews[2].AttributeKeys!)));
        Assert.Equal([0.1, 1], config.MetricViews[3].HistogramBounds);
        Assert.Equal(HistogramAggregation.Base2Exponential, config.MetricViews[4].Aggregation);
        Assert.Equal(["tenant.", "user.id"], config.BaggageKeys);
    }

    [Fact]
    public void MetricViews_InAppSettings_BadPropertyAndValues_AreErrorsNamingTheKey()
    {
        var section = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["MetricViews:a:Drp"] = "true",
            ["MetricViews:b:Drop"] = "maybe",
            ["MetricViews:c:Buckets"] = "1, two",
            ["MetricViews:d:Aggregation"] = "fancy",
        };

        var errors = TestConfigs.BuildFails(FromSection(section, TestConfigs.ValidBuilder())).Errors;

        Assert.Equal(
            [
                "TelemetryFlow:MetricViews:a:Drp is not a metric view property; use Meter, Drop, Name, AttributeKeys, Buckets, Aggregation.",
                "TelemetryFlow:MetricViews:b:Drop='maybe' is not valid; use true, false, 1 or 0 (any case).",
                "TelemetryFlow:MetricViews:c:Buckets entry 'two' is not a number.",
                "TelemetryFlow:MetricViews:d:Aggregation='fancy' is not valid; use ExplicitBuckets or Base2Exponential.",
            ],
            errors);
    }

    [Theory]
    [InlineData("orders.*", "x", null, null, "renames its stream, which needs a non-empty name and an exact instrument name (no '*').")]
    [InlineData("latency", null, new[] { 1.0, 1.0 }, null, "has histogram bounds that are not finite and strictly increasing.")]
    [InlineData("latency", null, new[] { 1.0 }, HistogramAggregation.Base2Exponential, "sets both histogram bounds and exponential aggregation; choose one.")]
    [InlineData(" ", null, null, null, "has no instrument name; name an instrument, or a prefix ending in '*'.")]
    public void MetricView_Invalid_IsAnErrorNamingTheView(string instrument, string? name, double[]? bounds, HistogramAggregation? aggregation, string problem)
    {
        var view = new MetricView { Instrument = instrument, Name = name, HistogramBounds = bounds, Aggregation = aggregation };

        var error = Assert.Single(TestConfigs.BuildFails(TestConfigs.ValidBuilder().WithMetricView(view)).Errors);

        Assert.Equal($"Metric view '{instrument}' (WithMetricView, MetricViews) {problem}", error);
    }

    [Theory]
    [InlineData("db.*", null, "MyApp", "db.query", true)]
    [InlineData("db.*", null, "MyApp", "http.request", false)]
    [InlineData("Orders", null, "MyApp", "orders", true)]
    [InlineData("orders", "MyApp", "Other", "orders", false)]
    public void MetricView_Matches_ByNameOrPrefixAndOptionalMeter(string instrument, string? meter, string meterName, string instrumentName, bool expected) =>
        Assert.Equal(expected, new MetricView { Instrument = instrument, Meter = meter }.Matches(meterName, instrumentName));

    [Fact]
    public void Certificates_MissingFiles_AreErrorsNamingTheSettingAndPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tf-no-such-dir", "ca.pem");
        var variables = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_CERTIFICATE"] = missing };

        var errors = TestConfigs.BuildFails(FromVariables(variables).WithClientCertificate(missing, missing)).Errors;

        Assert.Contains($"Certificate authority (OTEL_EXPORTER_OTLP_CERTIFICATE, WithCertificateAuthority) names '{missing}', which is not a file this process can see; give the path of a PEM file.", errors);
        Assert.Contains($"Client certificate (TELEMETRYFLOW_CLIENT_CERTIFICATE, WithClientCertificate) names '{missing}', which is not a file this process can see; give the path of a PEM file.", errors);
        Assert.Contains($"Client key (TELEMETRYFLOW_CLIENT_KEY, WithClientCertificate) names '{missing}', which is not a file this process can see; give the path of a PEM file.", errors);
    }

    [Fact]
    public void ClientCertificate_WithoutKey_IsAnError()
    {
        var file = Path.GetTempFileName();
        try
        {
            var errors = TestConfigs.BuildFails(FromVariables(new() { ["OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"] = file })).Errors;

            Assert.Equal(
                "Client certificate (OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE, WithClientCertificate) is set without Client key (TELEMETRYFLOW_CLIENT_KEY); mutual TLS needs both PEM files (WithClientCertificate(certificatePath, keyPath)).",
                Assert.Single(errors));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new string[0], new[] { "*" })]
    [InlineData(new[] { "tenant.", "user.id" }, new[] { "tenant.", "user.id" })]
    public void BaggageAttributes_InCode_SetTheKeyPrefixes(string[] prefixes, string[] expected) =>
        Assert.Equal(expected, TestConfigs.ValidBuilder().WithBaggageAttributes(prefixes).Build().BaggageKeys);

    [Fact]
    public void BaggageKeys_Default_IsOff() => Assert.Empty(TestConfigs.ValidBuilder().Build().BaggageKeys);

    private static TelemetryFlowBuilder FromVariables(Dictionary<string, string?> variables) =>
        TestConfigs.ValidBuilder().WithAutoConfiguration(name => variables.GetValueOrDefault(name));

    private static TelemetryFlowBuilder FromSection(Dictionary<string, string?> section, TelemetryFlowBuilder builder)
    {
        // IConfiguration's view of a flat key list: a key's children are the next path segments below it.
        IEnumerable<KeyValuePair<string, string?>> Children(string key) =>
            section.Keys
                .Where(k => k.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
                .Select(k => k[(key.Length + 1)..].Split(':')[0])
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(child => new KeyValuePair<string, string?>(child, section.GetValueOrDefault($"{key}:{child}")));

        var topKeys = section.Keys.Select(k => k.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase);
        return builder.WithSettingsSection(section.GetValueOrDefault, Children, topKeys, "TelemetryFlow");
    }
}
