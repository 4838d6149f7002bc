using System.Diagnostics;
using TelemetryFlow.Benchmarks.Support;

namespace TelemetryFlow.Benchmarks.Export;

/// <summary>Which side of a comparison a pipeline is.</summary>
internal enum Side
{
    Raw,
    Sdk,
}

/// <summary>
/// A span pipeline under load: emits one sampled span with one attribute, flushes, shuts down. Both sides are built from
/// the same <see cref="TelemetryConfig"/>, so they differ only by the SDK's own layers.
/// </summary>
internal abstract class SpanPipeline : IDisposable
{
    public abstract Side Side { get; }

    /// <summary>Builds a traces-only pipeline for <paramref name="side"/> from <paramref name="config"/>.</summary>
    public static SpanPipeline Create(Side side, TelemetryConfig config) => side switch
    {
        Side.Raw => new RawSpanPipeline(RawOpenTelemetry.Start(config, SignalType.Traces)),
        _ => SdkSpanPipeline.Start(config),
    };

    public abstract void EmitSpan();

    /// <summary>Exports everything queued; false when that did not finish in time.</summary>
    public abstract bool Flush(TimeSpan timeout);

    /// <summary>Flushes and stops; false when that did not finish in time.</summary>
    public abstract bool Shutdown(TimeSpan timeout);

    public abstract void Dispose();

    private sealed class RawSpanPipeline(RawOpenTelemetry raw) : SpanPipeline
    {
        public override Side Side => Side.Raw;

        public override void EmitSpan()
        {
            using var activity = raw.Source.StartActivity(BenchmarkProfile.SpanName, ActivityKind.Internal, default(ActivityContext), BenchmarkProfile.OneSpanTag);
        }

        public override bool Flush(TimeSpan timeout) => raw.FlushTraces(timeout);

        public override bool Shutdown(TimeSpan timeout) => raw.ShutdownTraces(timeout);

        public override void Dispose() => raw.Dispose();
    }

    private sealed class SdkSpanPipeline(TelemetryFlowClient client) : SpanPipeline
    {
        public override Side Side => Side.Sdk;

        public static SdkSpanPipeline Start(TelemetryConfig config)
        {
            var client = TelemetryFlowClient.Create(config);
            client.Initialize();
            return new SdkSpanPipeline(client);
        }

        public override void EmitSpan()
        {
            using var span = client.Span(BenchmarkProfile.SpanName, SpanKind.Internal, BenchmarkProfile.OneSpanTag);
        }

        public override bool Flush(TimeSpan timeout) => client.FlushAsync(timeout).GetAwaiter().GetResult();

        public override bool Shutdown(TimeSpan timeout) => client.ShutdownAsync(timeout).GetAwaiter().GetResult();

        public override void Dispose() => client.Dispose();
    }
}
