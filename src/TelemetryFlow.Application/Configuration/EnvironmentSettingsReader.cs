using static TelemetryFlow.Application.Configuration.SettingMessages;
using Env = TelemetryFlow.TelemetryFlowEnvironmentVariables;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Reads the variables of <see cref="SettingCatalog"/> (<c>TELEMETRYFLOW_*</c> with their fallbacks) into a
/// settings layer, then the standard OpenTelemetry variables that follow their own rules (resource attributes,
/// sampler). The variables come through a delegate, so tests never touch the process environment.
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
        var settings = new TelemetrySettings(SettingSource.Environment);
        foreach (var setting in SettingCatalog.All)
        {
            foreach (var name in setting.Variables)
            {
                if (name == Env.OtelProtocol && Text(name) is { } otel && otel.Equals("http/json", StringComparison.OrdinalIgnoreCase))
                {
                    AddError($"{Env.OtelProtocol}={Raw(otel)} is not supported; TelemetryFlow exports grpc or http/protobuf.");
                    break;
                }

                if (TryRead(settings, setting, name))
                {
                    break;
                }
            }
        }

        ApplyOtelResourceAttributes(settings);
        ApplyOtelSampler(settings);
        ApplyOtelHeaders(Env.OtelHeaders, () => settings.Headers);
        ApplyOtelHeaders(Env.OtelTracesHeaders, () => settings.HeadersOf(SignalType.Traces));
        ApplyOtelHeaders(Env.OtelMetricsHeaders, () => settings.HeadersOf(SignalType.Metrics));
        ApplyOtelHeaders(Env.OtelLogsHeaders, () => settings.HeadersOf(SignalType.Logs));
        return settings;
    }

    /// <summary>
    /// Reads <c>name=value</c> pairs separated by commas, values percent-decoded (the OpenTelemetry specification's form,
    /// W3C Baggage's). An entry is never quoted in an error: it may hold a token.
    /// </summary>
    private void ApplyOtelHeaders(string variable, Func<Dictionary<string, ExportHeader>> target)
    {
        var text = Text(variable);
        if (text is null)
        {
            return;
        }

        var position = 0;
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries))
        {
            position++;
            if (entry.Length == 0)
            {
                continue;
            }

            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? entry[..equals].Trim() : string.Empty;
            if (name.Length == 0)
            {
                AddError($"{variable} entry {position} is not valid; use name=value pairs separated by commas, values percent-encoded (the entry is not shown: it may hold a secret).");
                continue;
            }

            target()[name] = new ExportHeader(Uri.UnescapeDataString(entry[(equals + 1)..].Trim()), variable);
        }
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

        if (sampler is "RATE_LIMITED" or "PARENTBASED_RATE_LIMITED")
        {
            ApplyRateLimitedSampler(settings, sampler == "PARENTBASED_RATE_LIMITED", argument);
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
                AddError($"{Env.OtelTracesSampler}={Raw(samplerText!)} is not supported; use always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio, rate_limited or parentbased_rate_limited.");
            }

            return;
        }

        settings.Set(SettingCatalog.SamplingRatio, ratio, Env.OtelTracesSampler);
        settings.Set(SettingCatalog.ParentBasedSampling, parentBased, Env.OtelTracesSampler);
    }

    private void ApplyRateLimitedSampler(TelemetrySettings settings, bool parentBased, string? argument)
    {
        if (argument is null || !SettingParsers.Rate.TryParse(argument, out var rate) || rate <= 0)
        {
            AddError($"{Env.OtelTracesSampler}=rate_limited needs {Env.OtelTracesSamplerArg} set to the traces per second, a number greater than 0, for example 50.");
            return;
        }

        settings.Set(SettingCatalog.SamplingRatio, 1.0, Env.OtelTracesSampler);
        settings.Set(SettingCatalog.ParentBasedSampling, parentBased, Env.OtelTracesSampler);
        if (!settings.IsSet(SettingCatalog.TracesPerSecond))
        {
            settings.Set(SettingCatalog.TracesPerSecond, rate, Env.OtelTracesSamplerArg);
        }
    }

    private double SamplerArgument(string? text)
    {
        if (text is null)
        {
            return 1.0;
        }

        if (SettingParsers.Ratio.TryParse(text, out var ratio))
        {
            return ratio;
        }

        AddError($"{Env.OtelTracesSamplerArg}={Raw(text)} is not valid; use {SettingParsers.Ratio.Forms(Env.OtelTracesSamplerArg)}.");
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

            // The standard keys only fill gaps the TelemetryFlow variables leave.
            var setting = SettingOfResourceAttribute(key);
            if (setting is null)
            {
                settings.CustomAttributes[key] = value;
            }
            else if (!settings.IsSet(setting))
            {
                settings.Set(setting, value, Env.OtelResourceAttributes);
            }
        }
    }

    /// <summary>The setting a standard key of <c>OTEL_RESOURCE_ATTRIBUTES</c> sets, or <see langword="null"/> for a custom attribute.</summary>
    internal static Setting<string?>? SettingOfResourceAttribute(string key) => key switch
    {
        "service.name" => SettingCatalog.ServiceName,
        "service.version" => SettingCatalog.ServiceVersion,
        "service.namespace" => SettingCatalog.ServiceNamespace,
        "service.instance.id" => SettingCatalog.ServiceInstanceId,
        "deployment.environment" or "deployment.environment.name" => SettingCatalog.Environment,
        _ => null,
    };
}
