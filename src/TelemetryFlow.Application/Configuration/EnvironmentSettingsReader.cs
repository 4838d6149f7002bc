using static TelemetryFlow.Application.Configuration.SettingMessages;
using Env = TelemetryFlow.TelemetryFlowEnvironmentVariables;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Reads the <c>TELEMETRYFLOW_*</c> variables (with the standard <c>OTEL_*</c> fallbacks) into a
/// settings layer. The variables come through a delegate, so tests never touch the process environment.
/// </summary>
internal sealed class EnvironmentSettingsReader : SettingsReader
{
    private EnvironmentSettingsReader(Func<string, string?> read)
        : base(read)
    {
    }

    /// <summary>Reads every variable; a malformed value adds an error naming the variable and the accepted forms.</summary>
    public static (TelemetrySettings Settings, IReadOnlyList<FormattableString> Errors) Read(Func<string, string?> readVariable)
    {
        var reader = new EnvironmentSettingsReader(readVariable);
        var settings = reader.ReadAll();
        return (settings, reader.Errors);
    }

    private TelemetrySettings ReadAll()
    {
        var settings = new TelemetrySettings
        {
            ApiKeyId = Text(Env.ApiKeyId),
            ApiKeySecret = Text(Env.ApiKeySecret),
            Endpoint = Text(Env.Endpoint) ?? Text(Env.OtelEndpoint),
            ServiceName = Text(Env.ServiceName) ?? Text(Env.OtelServiceName),
            ServiceVersion = Text(Env.ServiceVersion),
            ServiceNamespace = Text(Env.ServiceNamespace),
            Environment = Text(Env.Environment) ?? Env.EnvironmentFallbacks.Select(Text).FirstOrDefault(v => v is not null),
            CollectorId = Text(Env.CollectorId),
            CollectorName = Text(Env.CollectorName),
            CollectorHostname = Text(Env.CollectorHostname),
            Datacenter = Text(Env.Datacenter),
            Insecure = Boolean(Env.Insecure),
            Protocol = ProtocolValue(),
            Compression = Parsed<ExportCompression>(Env.Compression, SettingParsers.TryParseCompression, "gzip, none, true, false, 1 or 0"),
            Timeout = Duration(Env.Timeout, PlainNumberUnit.Seconds),
            RetryEnabled = Boolean(Env.RetryEnabled),
            RetryMaxAttempts = Integer(Env.MaxRetries),
            RetryInitialBackoff = Duration(Env.RetryBackoff, PlainNumberUnit.Milliseconds),
            RetryMaxBackoff = Duration(Env.RetryMaxBackoff, PlainNumberUnit.Milliseconds),
            BatchScheduledDelay = Duration(Env.BatchTimeout, PlainNumberUnit.Milliseconds),
            BatchMaxExportSize = Integer(Env.BatchMaxSize),
            BatchMaxQueueSize = Integer(Env.BatchMaxQueueSize),
            EnableTraces = Boolean(Env.EnableTraces),
            EnableMetrics = Boolean(Env.EnableMetrics),
            EnableLogs = Boolean(Env.EnableLogs),
            EnableExemplars = Boolean(Env.EnableExemplars),
            RateLimit = Integer(Env.RateLimit),
            MaxRequestSize = Integer(Env.MaxRequestSize),
            RequestBudget = Integer(Env.RequestBudget),
            LimitMetricCardinality = Integer(Env.MetricCardinalityLimit),
            LimitMaxMetricStreams = Integer(Env.MetricMaxStreams),
            UseV2Api = Boolean(Env.UseV2Api),
            V2Only = Boolean(Env.V2Only),
            TracesEndpoint = Text(Env.TracesEndpoint),
            MetricsEndpoint = Text(Env.MetricsEndpoint),
            LogsEndpoint = Text(Env.LogsEndpoint),
        };

        settings.StorageDirectory = Text(Env.StorageDirectory);
        ApplyOtelResourceAttributes(settings);
        ApplyOtelSampler(settings);
        return settings;
    }

    private Protocol? ProtocolValue()
    {
        if (Text(Env.Protocol) is not null)
        {
            return Parsed<Protocol>(Env.Protocol, SettingParsers.TryParseProtocol, "grpc or http");
        }

        var otel = Text(Env.OtelProtocol);
        if (otel is not null && otel.Equals("http/json", StringComparison.OrdinalIgnoreCase))
        {
            AddError($"{Env.OtelProtocol}={Raw(otel)} is not supported; TelemetryFlow exports grpc or http/protobuf.");
            return null;
        }

        return Parsed<Protocol>(Env.OtelProtocol, SettingParsers.TryParseProtocol, "grpc or http/protobuf");
    }

    private void ApplyOtelSampler(TelemetrySettings settings)
    {
        var samplerText = Text(Env.OtelTracesSampler);
        var sampler = samplerText?.ToUpperInvariant();
        var argument = Text(Env.OtelTracesSamplerArg);
        if (sampler is null)
        {
            return;
        }

        var (parentBased, ratio) = sampler switch
        {
            "ALWAYS_ON" => (false, 1.0),
            "ALWAYS_OFF" => (false, 0.0),
            "PARENTBASED_ALWAYS_ON" => (true, 1.0),
            "PARENTBASED_ALWAYS_OFF" => (true, 0.0),
            "TRACEIDRATIO" => (false, SamplerArgument(argument)),
            "PARENTBASED_TRACEIDRATIO" => (true, SamplerArgument(argument)),
            _ => (true, double.NaN),
        };

        if (double.IsNaN(ratio))
        {
            if (sampler is not ("TRACEIDRATIO" or "PARENTBASED_TRACEIDRATIO"))
            {
                AddError($"{Env.OtelTracesSampler}={Raw(samplerText!)} is not supported; use always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio.");
            }

            return;
        }

        settings.SamplingRatio = ratio;
        settings.ParentBasedSampling = parentBased;
    }

    private double SamplerArgument(string? text)
    {
        if (text is null)
        {
            return 1.0;
        }

        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1)
        {
            return ratio;
        }

        AddError($"{Env.OtelTracesSamplerArg}={Raw(text)} is not valid; use a ratio from 0 to 1, for example 0.25.");
        return double.NaN;
    }

    private void ApplyOtelResourceAttributes(TelemetrySettings settings)
    {
        var text = Text(Env.OtelResourceAttributes);
        if (text is null)
        {
            return;
        }

        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                AddError($"{Env.OtelResourceAttributes} entry {Raw(entry)} is not valid; use key=value pairs separated by commas.");
                continue;
            }

            var key = entry[..equals].Trim();
            var value = Uri.UnescapeDataString(entry[(equals + 1)..].Trim());
            switch (key)
            {
                // The standard keys only fill gaps the TelemetryFlow variables leave.
                case "service.name":
                    settings.ServiceName ??= value;
                    break;
                case "service.version":
                    settings.ServiceVersion ??= value;
                    break;
                case "service.namespace":
                    settings.ServiceNamespace ??= value;
                    break;
                case "deployment.environment" or "deployment.environment.name":
                    settings.Environment ??= value;
                    break;
                default:
                    settings.CustomAttributes[key] = value;
                    break;
            }
        }
    }

}
