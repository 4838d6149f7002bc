namespace TelemetryFlow.UnitTests.Application.Configuration;

/// <summary>
/// When the API key is required and sent (outcome: a local receiver needs none), and the extra export headers from code,
/// appsettings and <c>OTEL_EXPORTER_OTLP_HEADERS</c>: precedence, refused names, and values never shown.
/// </summary>
public sealed class ExportCredentialsAndHeadersTests
{
    private const string HeaderSecret = "hdr-value-7f3a9c";

    [Theory]
    [InlineData("http://localhost:4318")]
    [InlineData("http://127.0.0.1:4317")]
    [InlineData("http://127.8.9.10:4317")]
    [InlineData("http://[::1]:4317")]
    public void NoApiKey_LoopbackEndpoint_BuildsWithoutCredentials(string endpoint)
    {
        var config = new TelemetryFlowBuilder().WithService("svc").WithEndpoint(endpoint).Build();

        Assert.Null(config.Credentials);
        Assert.DoesNotContain(config.ExportHeaders.Keys, name => name.StartsWith("X-TelemetryFlow-Key", StringComparison.OrdinalIgnoreCase) || name == "Authorization");
        Assert.Contains("Credentials = none", config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoApiKey_LoopbackEndpointButRemoteSignalEndpoint_RequiresTheKey()
    {
        var error = TestConfigs.BuildFails(new TelemetryFlowBuilder().WithService("svc").WithEndpoint("http://localhost:4317").WithTracesEndpoint("https://collector.example.com:4317"));

        Assert.Contains(error.Errors, e => e.Contains("API key id", StringComparison.Ordinal));
    }

    [Fact]
    public void NoApiKey_RemoteEndpoint_ErrorSaysHowToDoWithout()
    {
        var error = TestConfigs.BuildFails(new TelemetryFlowBuilder().WithService("svc").WithEndpoint("https://collector.example.com:4317"));

        var message = Assert.Single(error.Errors, e => e.Contains("API key id", StringComparison.Ordinal));
        Assert.Contains("WithoutCredentials()", message, StringComparison.Ordinal);
        Assert.Contains("TELEMETRYFLOW_CREDENTIALS=none", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoopbackEndpoint_KeyGiven_SendsIt()
    {
        var config = TestConfigs.ValidBuilder().WithEndpoint("http://localhost:4317").Build();

        Assert.Equal(TestConfigs.KeyId, config.Credentials!.KeyId);
        Assert.Equal(TestConfigs.KeyId, config.ExportHeaders[Credentials.KeyIdHeaderName]);
    }

    [Fact]
    public void LoopbackEndpoint_HalfAKey_IsStillAnError()
    {
        var error = TestConfigs.BuildFails(new TelemetryFlowBuilder().WithService("svc").WithEndpoint("http://localhost:4317").WithApiKey("tfk_only_id", ""));

        Assert.Contains(error.Errors, e => e.Contains("API key secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("code")]
    [InlineData("environment")]
    [InlineData("appsettings")]
    public void CredentialsOff_EverySource_RemoteEndpointNeedsNoKeyAndSendsNone(string source)
    {
        var builder = new TelemetryFlowBuilder().WithService("svc").WithEndpoint("https://otel.example.com:4317");
        builder = source switch
        {
            "code" => builder.WithoutCredentials(),
            "environment" => builder.WithAutoConfiguration(TestConfigs.Variables("TELEMETRYFLOW_CREDENTIALS=None").GetValueOrDefault),
            _ => Section(builder, ("Credentials", "none")),
        };

        var config = builder.Build();

        Assert.Null(config.Credentials);
        Assert.DoesNotContain(config.ExportHeaders.Keys, name => name.StartsWith("X-TelemetryFlow-Key", StringComparison.OrdinalIgnoreCase) || name == "Authorization");
    }

    [Fact]
    public void CredentialsOff_KeyConfiguredToo_KeyIsIgnored()
    {
        var config = TestConfigs.ValidBuilder().WithoutCredentials().Build();

        Assert.Null(config.Credentials);
        Assert.DoesNotContain(TestConfigs.KeySecret, string.Join(",", config.ExportHeaders.Values), StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsVariable_UnknownValue_ErrorNamesTheForms()
    {
        var error = TestConfigs.BuildFails(TestConfigs.ValidBuilder().WithAutoConfiguration(TestConfigs.Variables("TELEMETRYFLOW_CREDENTIALS=off-please").GetValueOrDefault));

        Assert.Contains(error.Errors, e => e.Contains("TELEMETRYFLOW_CREDENTIALS", StringComparison.Ordinal) && e.Contains("auto or none", StringComparison.Ordinal));
    }

    [Fact]
    public void V2Api_WithoutCredentials_IsAnError()
    {
        var error = TestConfigs.BuildFails(new TelemetryFlowBuilder().WithService("svc").WithEndpoint("http://localhost:4318").WithHttp().WithV2Api());

        Assert.Contains(error.Errors, e => e.Contains("v2 API", StringComparison.Ordinal) && e.Contains("no API key is configured", StringComparison.Ordinal));
    }

    [Fact]
    public void Headers_CodeEnvironmentAppSettings_MergePerNameWithCodeWinning()
    {
        var builder = Section(TestConfigs.ValidBuilder(), ("Headers:x-a", "from-appsettings"), ("Headers:x-b", "from-appsettings"), ("Headers:x-c", "from-appsettings"))
            .WithAutoConfiguration(TestConfigs.Variables("OTEL_EXPORTER_OTLP_HEADERS=x-b=from%20env,X-C=from-env").GetValueOrDefault)
            .WithHeader("x-c", "from-code");

        var config = builder.Build();

        Assert.Equal("from-appsettings", config.Headers["x-a"]);
        Assert.Equal("from env", config.Headers["x-b"]);
        Assert.Equal("from-code", config.Headers["x-c"]);
        Assert.Equal("from-code", config.ExportHeaders["X-C"]);
    }

    [Fact]
    public void SignalHeaders_ApplyToTheirSignalOnlyAndWinThere()
    {
        var config = TestConfigs.ValidBuilder()
            .WithAutoConfiguration(TestConfigs.Variables("OTEL_EXPORTER_OTLP_HEADERS=x-all=generic,x-shared=generic;OTEL_EXPORTER_OTLP_TRACES_HEADERS=x-shared=traces,x-traces=t%3D1").GetValueOrDefault)
            .Build();

        var traces = config.GetExportHeaders(SignalType.Traces);
        var metrics = config.GetExportHeaders(SignalType.Metrics);
        Assert.Equal(("generic", "traces", "t=1"), (traces["x-all"], traces["x-shared"], traces["x-traces"]));
        Assert.Equal("generic", metrics["x-shared"]);
        Assert.False(metrics.ContainsKey("x-traces"));
        Assert.Same(config.ExportHeaders, config.GetExportHeaders(SignalType.Logs));
    }

    [Theory]
    [InlineData("X-TelemetryFlow-Key-ID", "sent by the SDK itself")]
    [InlineData("x-telemetryflow-environment", "sent by the SDK itself")]
    [InlineData("Content-Type", "belongs to the OTLP transport")]
    [InlineData("grpc-timeout", "belongs to the OTLP transport")]
    [InlineData("Authorization", "carries the API key while credentials are on")]
    [InlineData("bad header", "is not a valid header name")]
    public void Header_NameTheSdkOwnsOrInvalid_IsRefusedWithoutShowingTheValue(string name, string reason)
    {
        var error = TestConfigs.BuildFails(TestConfigs.ValidBuilder().WithHeader(name, HeaderSecret));

        var message = Assert.Single(error.Errors, e => e.Contains(reason, StringComparison.Ordinal));
        Assert.Contains("(WithHeader)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(HeaderSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorization_CredentialsOff_IsYoursToSend()
    {
        var config = new TelemetryFlowBuilder().WithService("svc").WithEndpoint("https://otel.example.com:4317")
            .WithoutCredentials().WithHeader("Authorization", "Basic dXNlcjpwYXNz").Build();

        Assert.Equal("Basic dXNlcjpwYXNz", config.ExportHeaders["Authorization"]);
    }

    [Fact]
    public void Header_ValueWithLineBreak_IsRefusedWithoutShowingIt()
    {
        var error = TestConfigs.BuildFails(TestConfigs.ValidBuilder().WithHeader("x-token", HeaderSecret + "\r\nX-Injected: 1"));

        Assert.Contains(error.Errors, e => e.Contains("Header x-token (WithHeader)", StringComparison.Ordinal) && e.Contains("value is not shown", StringComparison.Ordinal));
        Assert.DoesNotContain(HeaderSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtelHeadersVariable_MalformedEntry_ErrorNamesThePositionNotTheText()
    {
        var error = TestConfigs.BuildFails(TestConfigs.ValidBuilder()
            .WithAutoConfiguration(TestConfigs.Variables($"OTEL_EXPORTER_OTLP_HEADERS=x-ok=1,{HeaderSecret}").GetValueOrDefault));

        var message = Assert.Single(error.Errors, e => e.Contains("OTEL_EXPORTER_OTLP_HEADERS", StringComparison.Ordinal));
        Assert.Contains("entry 2", message, StringComparison.Ordinal);
        Assert.DoesNotContain(HeaderSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderValue_PastedIntoAnotherSetting_IsNotQuotedInItsError()
    {
        var error = TestConfigs.BuildFails(TestConfigs.ValidBuilder()
            .WithAutoConfiguration(TestConfigs.Variables($"OTEL_EXPORTER_OTLP_HEADERS=x-token={HeaderSecret};TELEMETRYFLOW_TIMEOUT={HeaderSecret}").GetValueOrDefault));

        Assert.Contains(error.Errors, e => e.Contains("TELEMETRYFLOW_TIMEOUT", StringComparison.Ordinal));
        Assert.DoesNotContain(HeaderSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_ToString_NeverShowsAHeaderValue()
    {
        var config = TestConfigs.ValidBuilder().WithHeader("x-token", HeaderSecret).Build();

        Assert.DoesNotContain(HeaderSecret, config.ToString(), StringComparison.Ordinal);
    }

    private static TelemetryFlowBuilder Section(TelemetryFlowBuilder builder, params (string Key, string Value)[] entries)
    {
        var values = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);
        return builder.WithSettingsSection(
            key => values.GetValueOrDefault(key),
            key => values.Where(e => e.Key.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
                .Select(e => new KeyValuePair<string, string?>(e.Key[(key.Length + 1)..], e.Value)),
            values.Keys.Select(k => k.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase),
            "TelemetryFlow");
    }
}
