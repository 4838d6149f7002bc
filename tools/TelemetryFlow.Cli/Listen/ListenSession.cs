using System.Globalization;
using System.Threading.Channels;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Cli.Listen;

/// <summary>
/// One run of <c>listen</c>: starts the receiver, feeds what arrives to the <see cref="TraceAssembler"/>, prints what it
/// releases, and on cancellation (Ctrl+C) prints the traces still waiting and a one-line total.
/// </summary>
internal static class ListenSession
{
    public static async Task<int> RunAsync(CliContext context, ListenSettings settings, ListenPrinter printer, TextWriter status, TimeProvider time, CancellationToken cancellationToken)
    {
        OtlpReceiver receiver;
        try
        {
            receiver = await OtlpReceiver.StartAsync(
                new OtlpReceiverOptions { GrpcPort = settings.GrpcPort, HttpPort = settings.HttpPort, ListenOnAllInterfaces = settings.AllInterfaces, AcceptJson = true, KeepReceived = false },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            // A taken port, or the same port twice. The receiver names its options; here they are flags.
            context.Ui.Error(ex.Message
                .Replace($"{nameof(OtlpReceiverOptions)}.{nameof(OtlpReceiverOptions.GrpcPort)}", "--grpc-port", StringComparison.Ordinal)
                .Replace($"{nameof(OtlpReceiverOptions)}.{nameof(OtlpReceiverOptions.HttpPort)}", "--http-port", StringComparison.Ordinal));
            return Program.Failure;
        }
        catch (OperationCanceledException)
        {
            return Program.Success;
        }

        await using (receiver.ConfigureAwait(false))
        {
            var arrivals = Channel.CreateUnbounded<ReceivedBatch>(new UnboundedChannelOptions { SingleReader = true });
            receiver.Arrived += (_, batch) => arrivals.Writer.TryWrite(batch);
            WriteBanner(status, receiver, settings);

            var assembler = new TraceAssembler(settings.QuietPeriod, settings.OrphanTimeout, time);

            // What arrives comes from any exporter: an item the view cannot draw is reported, and listening goes on.
            void Show(ListenItem item)
            {
                try
                {
                    printer.Print(item);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    status.WriteLine($"Could not show an item ({ex.GetType().Name}: {ex.Message}); listening goes on.");
                }
            }
            Task<bool>? readable = null;
            try
            {
                while (true)
                {
                    readable ??= arrivals.Reader.WaitToReadAsync(cancellationToken).AsTask();
                    if (assembler.NextDue() is { } due)
                    {
                        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        var delay = Task.Delay(due, time, timer.Token);
                        await Task.WhenAny(readable, delay).ConfigureAwait(false);
                        await timer.CancelAsync().ConfigureAwait(false);
                    }
                    else
                    {
                        await readable.ConfigureAwait(false);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    if (readable.IsCompleted)
                    {
                        readable = null;
                    }

                    while (arrivals.Reader.TryRead(out var batch))
                    {
                        foreach (var item in assembler.Add(batch))
                        {
                            Show(item);
                        }
                    }

                    foreach (var trace in assembler.TakeDue())
                    {
                        Show(trace);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: show what is still waiting rather than lose it.
                while (arrivals.Reader.TryRead(out var batch))
                {
                    foreach (var item in assembler.Add(batch))
                    {
                        Show(item);
                    }
                }

                foreach (var trace in assembler.TakeAll())
                {
                    Show(trace);
                }
            }

            status.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Stopped. Shown: {printer.Traces} trace(s) with {printer.Spans} span(s), {printer.Logs} log(s), {printer.MetricStreams} metric stream update(s)."));
            return Program.Success;
        }
    }

    private static void WriteBanner(TextWriter status, OtlpReceiver receiver, ListenSettings settings)
    {
        var reach = settings.AllInterfaces ? "all interfaces" : "loopback only; --all-interfaces to accept other hosts";
        status.WriteLine($"Listening for OTLP ({reach}):");
        status.WriteLine($"  gRPC  {receiver.GrpcEndpoint}");
        status.WriteLine($"  HTTP  {receiver.HttpEndpoint}  (POST /v1/traces, /v1/metrics, /v1/logs; protobuf or JSON)");
        status.WriteLine($"Point an app at it: OTEL_EXPORTER_OTLP_ENDPOINT={receiver.GrpcEndpoint.ToString().TrimEnd('/')} (or TELEMETRYFLOW_ENDPOINT).");
        status.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Traces print {Doctor.Durations.Format(settings.QuietPeriod)} after their last span or log ({Doctor.Durations.Format(settings.OrphanTimeout)} after the first when no root span comes). Ctrl+C stops."));
        status.WriteLine();
        status.Flush();
    }
}
