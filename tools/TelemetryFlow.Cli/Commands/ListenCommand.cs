using System.CommandLine;
using System.Globalization;
using TelemetryFlow.Cli.Doctor;
using TelemetryFlow.Cli.Listen;
using TelemetryFlow.Cli.Output;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Cli.Commands;

/// <summary><c>listen</c>: a local OTLP receiver that prints traces as waterfalls and metrics as tables as they arrive.</summary>
internal static class ListenCommand
{
    internal static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan DefaultOrphanTimeout = TimeSpan.FromSeconds(5);
    private const int RedirectedWidth = 120;

    public static Command Create(CliContext context)
    {
        var grpcPort = PortOption("--grpc-port", OtlpReceiverOptions.StandardGrpcPort, "OTLP/gRPC");
        var httpPort = PortOption("--http-port", OtlpReceiverOptions.StandardHttpPort, "OTLP/HTTP (protobuf)");
        var allInterfaces = new Option<bool>("--all-interfaces")
        {
            Description = "Accept connections from other hosts too (every network interface). By default only this machine can connect (loopback): the receiver has no TLS and no authentication.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per line (type trace, metric or log) instead of the text view; status lines go to stderr.",
        };
        var width = new Option<int?>("--width", "-w")
        {
            Description = $"Characters per line of the text view (at least {TelemetryView.MinWidth}). Default: the terminal's width, or {RedirectedWidth} when output is redirected.",
            HelpName = "columns",
        };
        width.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < TelemetryView.MinWidth)
            {
                result.AddError($"--width must be at least {TelemetryView.MinWidth}.");
            }
        });
        var quiet = Durations.Option("--quiet-period", DefaultQuietPeriod, "How long a trace whose root span arrived must receive nothing new before it is printed.");
        var orphan = Durations.Option("--orphan-timeout", DefaultOrphanTimeout, "How long after its first span a trace whose root span never arrives (its parent is in another service) is printed as it is.");

        var command = new Command(
            "listen",
            "Receive OTLP locally and show it as it arrives: each trace as a waterfall (spans nested under their parents, bars scaled to the trace, durations, errors, "
            + "logs under the span that wrote them), metrics as a table of streams and latest values. Works with any OTLP exporter (gRPC, or HTTP with protobuf or JSON). Ctrl+C stops.")
        {
            grpcPort,
            httpPort,
            allInterfaces,
            json,
            width,
            quiet,
            orphan,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var status = result.GetValue(json) ? result.InvocationConfiguration.Error : output;
            var terminal = context.Ui is SpectreUi;
            var settings = new ListenSettings(
                result.GetValue(grpcPort),
                result.GetValue(httpPort),
                result.GetValue(allInterfaces),
                result.GetValue(width) ?? (terminal ? Math.Max(Console.WindowWidth, TelemetryView.MinWidth) : RedirectedWidth),
                result.GetValue(quiet) ?? DefaultQuietPeriod,
                result.GetValue(orphan) ?? DefaultOrphanTimeout);
            var printer = new ListenPrinter(output, settings.Width, result.GetValue(json), colour: terminal && !result.GetValue(json));
            return await ListenSession.RunAsync(context, settings, printer, status, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Option<int> PortOption(string name, int standard, string protocol)
    {
        var option = new Option<int>(name)
        {
            Description = $"Port for {protocol}. Default: {standard.ToString(CultureInfo.InvariantCulture)}, the standard one; 0 takes a free port.",
            HelpName = "port",
            DefaultValueFactory = _ => standard,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError($"{name} must be a TCP port from 1 to 65535, or 0 for a free port.");
            }
        });
        return option;
    }
}
