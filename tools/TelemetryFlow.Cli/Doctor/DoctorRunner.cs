using System.Net;
using TelemetryFlow.Application.Configuration;
using TelemetryFlow.Cli.Commands;
using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Output;

namespace TelemetryFlow.Cli.Doctor;

/// <summary>
/// Runs the checks in order (configuration, DNS, TCP, TLS, a real export) and prints each as it completes. A step
/// that cannot succeed because an earlier one failed is reported as skipped, never as a second failure.
/// </summary>
internal sealed class DoctorRunner(CliContext context, ConfigurationLayers layers, ConfigFlags flags, TimeSpan timeout)
{
    private const string DoctorSpanName = "telemetryflow.doctor";
    private readonly List<StepResult> _steps = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        SdkClientFactory owner;
        TelemetryFlowClient client;
        try
        {
            (owner, client) = SdkClientFactory.Create(layers, flags);
        }
        catch (ConfigurationException ex)
        {
            Report(StepResult.Fail(
                "configuration",
                $"{ex.Errors.Count} problem(s) found by the SDK's own validation:",
                "Fix each setting named above. Precedence: flags > environment variables > .env.telemetryflow > appsettings > defaults.")
                with { Items = ex.Errors });
            return Finish();
        }

        var config = client.Config;
        context.Redactor.AddSecret(config.ExportHeaders.GetValueOrDefault(Credentials.KeySecretHeaderName));

        // Extra export headers (the app's own; the SDK refuses X-TelemetryFlow-* names for them) often carry tokens:
        // every value is masked in doctor's output.
        foreach (var signal in (SignalType[])[SignalType.Traces, SignalType.Metrics, SignalType.Logs])
        {
            foreach (var (name, value) in config.GetExportHeaders(signal))
            {
                if (!name.StartsWith("X-TelemetryFlow-", StringComparison.OrdinalIgnoreCase))
                {
                    context.Redactor.AddSecret(value);
                }
            }
        }
        Report(StepResult.Pass("configuration", "valid (checked by the SDK's own builder)"));
        context.Ui.Properties(Describe(config));
        CheckProtocolPort(config);
        if (config.PersistentStorage is { } storage)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
            (owner, client) = SdkClientFactory.Create(layers, flags, withoutDiskBuffer: true);
            context.Ui.Line($"  (the test export leaves out the disk buffer in {storage.Directory}, so a failed test item is not stored for the app to replay)");
        }

        await using (owner.ConfigureAwait(false))
        {
            var reachable = await CheckNetworkAsync(config, cancellationToken).ConfigureAwait(false);
            if (reachable)
            {
                await CheckExportAsync(client, config, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Report(StepResult.Skip("export", "not attempted: the endpoint is not reachable (see above)"));
            }
        }

        return Finish();
    }

    private void Report(StepResult step)
    {
        _steps.Add(step);
        context.Ui.Step(step);
    }

    private int Finish()
    {
        var failed = _steps.Count(s => s.Status == StepStatus.Fail);
        context.Ui.Line();
        if (failed == 0)
        {
            var warnings = _steps.Count(s => s.Status == StepStatus.Warn);
            context.Ui.Success(warnings == 0 ? "All checks passed." : $"All checks passed, with {warnings} warning(s).");
            return Program.Success;
        }

        context.Ui.Line($"{failed} check(s) failed.");
        return Program.Failure;
    }

    private List<KeyValuePair<string, string>> Describe(TelemetryConfig config)
    {
        var signals = new[] { SignalType.Traces, SignalType.Metrics, SignalType.Logs }.Where(config.IsEnabled).ToList();
        var rows = new List<KeyValuePair<string, string>>
        {
            // Unconfigured, the version is the app's entry assembly's, which this tool cannot see (its own would mislead).
            new("Service", $"{config.ServiceName} {(layers.SourceOf(SettingCatalog.ServiceVersion, false) == "default" ? "(the app's own version)" : config.ServiceVersion)} (name from {layers.SourceOf(SettingCatalog.ServiceName, flags.Service is not null)})"),
            new("Environment", $"{config.Environment} (from {layers.SourceOf(SettingCatalog.Environment, flags.Environment is not null)})"),
            new("Endpoint", $"{config.EndpointUri} (from {layers.SourceOf(SettingCatalog.Endpoint, flags.Endpoint is not null)})"),
            new("Protocol", $"{(config.Protocol == Protocol.Grpc ? "OTLP/gRPC" : "OTLP/HTTP protobuf")}, API {(config.ApiVersion == ApiVersion.V2 ? "v2" : "v1")} (from {layers.SourceOf(SettingCatalog.Protocol, flags.Protocol is not null)})"),
            new("API key", $"{config.Credentials?.ToString() ?? "none (credentials off)"} (id from {layers.SourceOf(SettingCatalog.ApiKeyId, flags.KeyId is not null)}, secret from {layers.SourceOf(SettingCatalog.ApiKeySecret, flags.KeySecret is not null)})"),
            new("Signals", signals.Count == 0 ? "none" : string.Join(", ", signals.Select(s => s.ToString().ToLowerInvariant()))),
        };
        if (config.Protocol == Protocol.HttpProtobuf)
        {
            rows.Add(new("Export URLs", string.Join(", ", signals.Select(s => config.GetSignalEndpoint(s).ToString()).Distinct())));
        }

        var files = layers.Files;
        rows.Add(new("Read", $"{(files.Count == 0 ? "no appsettings or .env file" : string.Join(", ", files))} (host environment {layers.HostEnvironment})"));
        return rows;
    }

    // 4317 and 4318 are the OTLP conventions; a mismatch is the most common copy-paste mistake.
    private void CheckProtocolPort(TelemetryConfig config)
    {
        var port = config.EndpointUri.Port;
        if (config.Protocol == Protocol.Grpc && port == 4318)
        {
            Report(StepResult.Warn("protocol", "gRPC to port 4318, the OTLP/HTTP port by convention", "Use port 4317 for gRPC, or --protocol http."));
        }
        else if (config.Protocol == Protocol.HttpProtobuf && port == 4317)
        {
            Report(StepResult.Warn("protocol", "OTLP/HTTP to port 4317, the gRPC port by convention", "Use port 4318 for OTLP/HTTP, or --protocol grpc."));
        }
    }

    private async Task<bool> CheckNetworkAsync(TelemetryConfig config, CancellationToken cancellationToken)
    {
        var targets = EndpointTarget.For(config);
        var reachable = targets.Count > 0;
        foreach (var target in targets)
        {
            var suffix = targets.Count > 1 ? $" ({target})" : string.Empty;
            var (dns, addresses) = await NetworkChecks.ResolveAsync(target, "dns" + suffix, timeout, cancellationToken).ConfigureAwait(false);
            Report(dns);
            if (dns.Status == StepStatus.Fail)
            {
                reachable = false;
                continue;
            }

            var tcp = await NetworkChecks.ConnectAsync(target, addresses, "tcp" + suffix, timeout, cancellationToken).ConfigureAwait(false);
            Report(tcp);
            if (tcp.Status == StepStatus.Fail)
            {
                reachable = false;
                continue;
            }

            var tls = target.UsesTls
                ? await NetworkChecks.CheckTlsAsync(target, PreferIPv4(addresses), config.Protocol, "tls" + suffix, timeout, cancellationToken).ConfigureAwait(false)
                : target.IsLoopback
                    ? StepResult.Skip("tls" + suffix, "not used: plaintext http:// to a loopback address")
                    : StepResult.Warn("tls" + suffix, "not used: plaintext http:// (insecure mode)", "Telemetry and the API key travel unencrypted; use https:// outside a trusted network.");
            Report(tls);
            reachable &= tls.Status != StepStatus.Fail;
        }

        return reachable;
    }

    private async Task CheckExportAsync(TelemetryFlowClient client, TelemetryConfig config, CancellationToken cancellationToken)
    {
        var signals = new[] { SignalType.Traces, SignalType.Metrics, SignalType.Logs };
        bool flushed;
        try
        {
            await client.InitializeAsync(cancellationToken).ConfigureAwait(false);
            SpanHandle? span = config.IsEnabled(SignalType.Traces)
                ? client.Span(DoctorSpanName, SpanKind.Internal, [new("telemetryflow.doctor.version", CliVersion.Tool)])
                : null;
            try
            {
                if (config.IsEnabled(SignalType.Metrics))
                {
                    client.IncrementCounter("telemetryflow.doctor.checks");
                }

                if (config.IsEnabled(SignalType.Logs))
                {
                    client.LogInfo($"{Program.CommandName} doctor test log");
                }
            }
            finally
            {
                span?.Dispose();
            }

            flushed = await client.FlushAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TelemetryFlowException ex)
        {
            Report(StepResult.Fail("export", $"the SDK could not start: {ex.Message}", "This is not a network problem: check the settings reported above."));
            return;
        }

        var status = client.GetStatus();
        var advisor = new FailureAdvisor(config, layers, flags, timeout);
        SignalStatus Outcome(SignalType signal) => signal switch
        {
            SignalType.Traces => status.Traces,
            SignalType.Metrics => status.Metrics,
            _ => status.Logs,
        };
        string ReasonOf(SignalStatus outcome) =>
            outcome.LastFailureReason ?? (flushed ? FailureAdvisor.NothingExported : $"not exported within {Durations.Format(timeout)} (export timed out)");
        var specific = signals.Where(config.IsEnabled).Select(Outcome)
            .Where(o => o.Failed > 0 || o.Exported == 0)
            .Select(ReasonOf)
            .FirstOrDefault(reason => !FailureAdvisor.IsVague(reason));

        foreach (var signal in signals)
        {
            var name = "export " + signal.ToString().ToLowerInvariant();
            var outcome = Outcome(signal);
            if (!config.IsEnabled(signal))
            {
                Report(StepResult.Skip(name, "signal disabled"));
            }
            else if (signal == SignalType.Traces && config.SamplingRatio == 0)
            {
                Report(StepResult.Skip(name, "sampling ratio is 0: no span is ever exported"));
            }
            else if (outcome.Failed == 0 && outcome.Exported > 0)
            {
                Report(StepResult.Pass(name, $"{outcome.Exported} item(s) accepted by {config.GetSignalEndpoint(signal)}"));
            }
            else
            {
                var reason = ReasonOf(outcome);
                var hint = await advisor.HintAsync(FailureAdvisor.IsVague(reason) && specific is not null ? specific : reason, cancellationToken).ConfigureAwait(false);
                Report(StepResult.Fail(name, $"export to {config.GetSignalEndpoint(signal)} failed: {reason}", hint));
            }
        }

        await client.ShutdownAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
    }

    private static IPAddress PreferIPv4(IPAddress[] addresses) =>
        addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses[0];
}
