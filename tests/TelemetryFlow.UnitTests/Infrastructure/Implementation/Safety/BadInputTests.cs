using TelemetryFlow.Application.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Metrics;
using TelemetryFlow.Infrastructure.Status;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

/// <summary>
/// One row per kind of bad input: what the SDK does with it (truncate, cap, drop, refuse) and that the
/// change shows in status. Limits are tiny so each row reads at a glance: attribute values 16
/// characters, 3 attributes per item, log bodies 32 characters, 3 attribute sets per metric.
/// </summary>
public sealed class BadInputTests
{
    private const int ValueLength = 16;
    private const int AttributeCount = 3;
    private const int BodyLength = 32;
    private const int Cardinality = 3;

    private static readonly Dictionary<string, Action> Cases = new(StringComparer.Ordinal)
    {
        ["span attribute too long: truncated to the limit and counted"] = () =>
        {
            using var runtime = LimitedRuntime();
            var span = EndSpan(runtime, a => a.SetTag("note", new string('x', 100)).SetTag("short", "ok").SetTag("number", 12345));

            Assert.Equal(new string('x', ValueLength), span.GetTagItem("note"));
            Assert.Equal("ok", span.GetTagItem("short"));
            Assert.Equal(12345, span.GetTagItem("number"));
            AssertCounts(Status(runtime).Traces, truncatedAttributes: 1);
        },
        ["span with too many attributes: the first ones kept, the rest dropped and counted"] = () =>
        {
            using var runtime = LimitedRuntime();
            var span = EndSpan(runtime, a => a.SetTag("a", 1).SetTag("b", 2).SetTag("c", 3).SetTag("d", 4).SetTag("e", 5));

            Assert.Equal(["a", "b", "c"], span.TagObjects.Select(t => t.Key));
            AssertCounts(Status(runtime).Traces, droppedAttributes: 2);
        },
        ["span status description too long: truncated and counted"] = () =>
        {
            using var runtime = LimitedRuntime();
            var span = EndSpan(runtime, a => a.SetStatus(ActivityStatusCode.Error, new string('e', 50)));

            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal(new string('e', ValueLength), span.StatusDescription);
            AssertCounts(Status(runtime).Traces, truncatedAttributes: 1);
        },
        ["log attribute too long: truncated to the limit and counted"] = () =>
        {
            using var runtime = LimitedRuntime();
            using var logs = new CapturedLogs(runtime.Sanitizer, runtime.Safety);
            logs.Logger.Log(LogLevel.Information, default, new List<KeyValuePair<string, object?>> { new("note", new string('x', 100)), new("id", 7) }, null, (_, _) => "short");

            var log = logs.Single();
            Assert.Equal(new string('x', ValueLength), log.Attribute("note"));
            Assert.Equal(7, log.Attribute("id"));
            Assert.Equal("short", log.FormattedMessage);
            AssertCounts(Status(runtime).Logs, truncatedAttributes: 1);
        },
        ["log with too many attributes: capped and counted, the caller's state untouched"] = () =>
        {
            using var runtime = LimitedRuntime();
            using var logs = new CapturedLogs(runtime.Sanitizer, runtime.Safety);
            var state = new List<KeyValuePair<string, object?>> { new("a", 1), new("b", 2), new("c", 3), new("d", 4), new("e", 5) };
            logs.Logger.Log(LogLevel.Information, default, state, null, (_, _) => "many");

            Assert.Equal(["a", "b", "c"], logs.Single().Attributes.Select(a => a.Key));
            Assert.Equal(5, state.Count);
            AssertCounts(Status(runtime).Logs, droppedAttributes: 2);
        },
        ["log body too long: body, formatted message and template truncated, counted once"] = () =>
        {
            using var runtime = LimitedRuntime();
            using var logs = new CapturedLogs(runtime.Sanitizer, runtime.Safety);
#pragma warning disable CA2254 // The template is the long body under test.
            logs.Logger.LogInformation(new string('z', 100));
#pragma warning restore CA2254

            var log = logs.Single();
            Assert.Equal(new string('z', BodyLength), log.FormattedMessage);
            Assert.Equal(new string('z', BodyLength), log.Body);
            Assert.Equal(new string('z', BodyLength), log.Attribute("{OriginalFormat}"));
            AssertCounts(Status(runtime).Logs, truncatedBodies: 1);
        },
        ["negative counter increment reaching the handler: dropped and counted"] = () =>
            AssertDroppedAsInvalid(runtime => new MetricCommandHandler(runtime.Pipeline, runtime.Accounting).Handle(new RecordCounterCommand("orders", -5, default(TagList)), default)),
        ["NaN gauge reaching the handler: dropped and counted"] = () =>
            AssertDroppedAsInvalid(runtime => new MetricCommandHandler(runtime.Pipeline, runtime.Accounting).Handle(new RecordGaugeCommand("temperature", double.NaN, default(TagList)), default)),
        ["+infinity histogram reaching the handler: dropped and counted"] = () =>
            AssertDroppedAsInvalid(runtime => new MetricCommandHandler(runtime.Pipeline, runtime.Accounting).Handle(new RecordHistogramCommand("latency", double.PositiveInfinity, "ms", default(TagList)), default)),
        ["-infinity metric reaching the handler: dropped and counted"] = () =>
            AssertDroppedAsInvalid(runtime => new MetricCommandHandler(runtime.Pipeline, runtime.Accounting).Handle(new RecordMetricCommand("load", double.NegativeInfinity, null, default(TagList)), default)),
        ["line feed in a counter name: refused with the character and its index"] = () =>
            AssertRefusedName(client => client.IncrementCounter("hello\nworld"), "hello\\u000Aworld", "U+000A", 5),
        ["NUL in a histogram name: refused"] = () =>
            AssertRefusedName(client => client.RecordHistogram("latency\0ms", 1), "latency\\u0000ms", "U+0000", 7),
        ["tab in a span name: refused"] = () =>
            AssertRefusedName(client => client.StartSpan("GET /\tindex"), "GET /\\u0009index", "U+0009", 5),
        ["DEL in a span event name: refused"] = () =>
            AssertRefusedName(client => client.AddSpanEvent("0123456789abcdef", "event\u007f"), "event\\u007F", "U+007F", 5),
        ["C1 control in a gauge name: refused"] = () =>
            AssertRefusedName(client => client.RecordGauge("temp\u0085", 1), "temp\\u0085", "U+0085", 4),
        ["metric cardinality beyond the limit: overflow point exported and visible in status"] = () =>
        {
            using var runtime = LimitedRuntime();
            using var meter = new Meter(SampledActivitySource.UniqueName());
            var exporter = new PointCollector();
            using (var provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(meter.Name)
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = Cardinality })
                .AddReader(new BaseExportingMetricReader(new CardinalityOverflowObserver(exporter, runtime.Safety, Cardinality)))
                .Build())
            {
                var counter = meter.CreateCounter<long>("requests");
                for (var i = 0; i < 10; i++)
                {
                    counter.Add(1, new KeyValuePair<string, object?>("user", i));
                }

                provider.ForceFlush();
                provider.ForceFlush();
            }

            Assert.Contains(exporter.Points, p => p.Tags.SequenceEqual([new KeyValuePair<string, object?>(CardinalityOverflowObserver.OverflowAttribute, true)]) && p.Sum == 10 - Cardinality);
            Assert.Equal(1, Status(runtime).Metrics.MetricOverflows);
        },
        ["metric cardinality within the limit: no overflow"] = () =>
        {
            using var runtime = LimitedRuntime();
            using var meter = new Meter(SampledActivitySource.UniqueName());
            using (var provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(meter.Name)
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = Cardinality })
                .AddReader(new BaseExportingMetricReader(new CardinalityOverflowObserver(new PointCollector(), runtime.Safety, Cardinality)))
                .Build())
            {
                var counter = meter.CreateCounter<long>("requests");
                for (var i = 0; i < Cardinality; i++)
                {
                    counter.Add(1, new KeyValuePair<string, object?>("user", i));
                }

                provider.ForceFlush();
            }

            Assert.Equal(0, Status(runtime).Metrics.MetricOverflows);
        },
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BadInput_Case_IsHandledAndCounted(string name) => Cases[name]();

    private static TestRuntime LimitedRuntime() =>
        TestRuntimes.Create(TestRuntimes.Builder().WithLimits(ValueLength, AttributeCount, BodyLength, Cardinality).Build());

    private static TelemetryFlowStatus Status(TestRuntime runtime) => new StatusQueryHandler(runtime.Pipeline, runtime.Accounting, new SdkLifecycle()).Read();

    /// <summary>Starts a span on a sampled source of its own, lets <paramref name="build"/> fill it, ends it and runs the safety processor.</summary>
    private static Activity EndSpan(TestRuntime runtime, Action<Activity> build)
    {
        using var source = SampledActivitySource.Create();
        var activity = source.Start();
        build(activity);
        activity.Stop();
        using var processor = new ActivitySafetyProcessor([runtime.ActivitySource], [], runtime.Sanitizer, runtime.Safety);
        processor.OnEnd(activity);
        return activity;
    }

    private static void AssertCounts(SignalStatus status, long truncatedAttributes = 0, long droppedAttributes = 0, long truncatedBodies = 0) =>
        Assert.Equal((truncatedAttributes, droppedAttributes, truncatedBodies), (status.TruncatedAttributes, status.DroppedAttributes, status.TruncatedBodies));

    private static void AssertDroppedAsInvalid(Func<TestRuntime, ValueTask<Mediator.Unit>> handle)
    {
        using var runtime = TestRuntimes.Create();
        using var recorder = new MeasurementRecorder(runtime.Meter);

        var pending = handle(runtime);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Empty(recorder.Measurements);
        var metrics = runtime.Metrics.Snapshot(enabled: true);
        Assert.Equal(0, metrics.Recorded);
        Assert.Equal(1, metrics.DroppedByReason[DropReason.InvalidValue.Value]);
    }

    private static void AssertRefusedName(Action<TelemetryFlowClient> call, string shownName, string character, int index)
    {
        // Initialized: metric names are checked in full when their instrument is first created, behind the guard.
        using var client = TelemetryFlowClient.Create(TestRuntimes.Config());
        client.Initialize();

        var error = Assert.Throws<ArgumentException>(() => call(client));

        Assert.Equal("name", error.ParamName);
        Assert.StartsWith($"The name \"{shownName}\" contains a control character ({character}) at index {index}.", error.Message, StringComparison.Ordinal);
    }

    private sealed record ExportedPoint(IReadOnlyList<KeyValuePair<string, object?>> Tags, long Sum);

    /// <summary>Keeps the points of the last export.</summary>
    private sealed class PointCollector : BaseExporter<Metric>
    {
        public IReadOnlyList<ExportedPoint> Points { get; private set; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var points = new List<ExportedPoint>();
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new List<KeyValuePair<string, object?>>();
                    foreach (var tag in point.Tags)
                    {
                        tags.Add(tag);
                    }

                    points.Add(new ExportedPoint(tags, point.GetSumLong()));
                }
            }

            Points = points;
            return ExportResult.Success;
        }
    }
}
