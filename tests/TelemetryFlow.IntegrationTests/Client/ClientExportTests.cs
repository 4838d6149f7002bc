using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;
using OtlpStatusCode = TelemetryFlow.Testing.Otlp.Trace.V1.Status.Types.StatusCode;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>
/// Every signal, from a client call through its command and handler to a real OTLP receiver, over
/// gRPC, HTTP v1 and HTTP v2. Assertions are on what the receiver decoded.
/// </summary>
public sealed class ClientExportTests
{
    public static TheoryData<Transport> Transports => TestClients.AllTransports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Export_AllSignals_CarryResourceAttributesAndAuthHeadersOnEveryRequest(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestClients.Builder(receiver, transport)
            .WithCollectorId("collector-7")
            .WithCollectorName("edge")
            .WithDatacenter("dc-east")
            .WithCustomAttribute("team", "payments");
        await using (var client = TestClients.Start(builder))
        {
            client.IncrementCounter("resource.check");
            client.LogInfo("resource check");
            using (client.Span("resource.check"))
            {
            }

            Assert.True(await client.ShutdownAsync());
        }

        await receiver.WaitUntilAsync(r => r.Spans.Count >= 1 && r.Logs.Count >= 1 && r.Metrics.Count >= 1);
        var resources = receiver.Spans.Select(s => s.ResourceAttributes)
            .Concat(receiver.Metrics.Where(m => m.ScopeName == "TelemetryFlow").Select(m => m.ResourceAttributes))
            .Concat(receiver.Logs.Select(l => l.ResourceAttributes))
            .ToList();

        // One item of each signal from the app; the SDK's own metrics (scope TelemetryFlow.Sdk) share the resource.
        Assert.Equal(3, resources.Count);

        // The platform's meters (runtime, process, HttpClient) arrive under the same resource.
        Assert.All(receiver.Metrics, m => Assert.Equal("integration-tests", m.ResourceAttributes["service.name"]));
        foreach (var resource in resources)
        {
            Assert.Equal("integration-tests", resource["service.name"]);
            Assert.Equal("3.2.1", resource["service.version"]);
            Assert.Equal("integration", resource["service.namespace"]);
            Assert.Equal("test", resource["deployment.environment"]);
            Assert.Equal("test", resource["deployment.environment.name"]);
            Assert.Equal("collector-7", resource["telemetryflow.collector.id"]);
            Assert.Equal("edge", resource["telemetryflow.collector.name"]);
            Assert.Equal("dc-east", resource["telemetryflow.datacenter"]);
            Assert.Equal("payments", resource["team"]);
            Assert.Equal("telemetryflow-dotnet", resource["telemetry.distro.name"]);
            Assert.Equal(TelemetryConfig.DistroVersion, resource["telemetry.distro.version"]);
        }

        Assert.NotEmpty(receiver.Requests);
        foreach (var request in receiver.Requests)
        {
            Assert.Equal(TestClients.Expected(transport), request.Transport);
            Assert.Equal($"Bearer {TestClients.KeyId}:{TestClients.KeySecret}", request.Headers["Authorization"]);
            Assert.Equal(TestClients.KeyId, request.Headers["X-TelemetryFlow-Key-ID"]);
            Assert.Equal(TestClients.KeySecret, request.Headers["X-TelemetryFlow-Key-Secret"]);
            Assert.Equal("test", request.Headers["X-TelemetryFlow-Environment"]);
            Assert.Equal("collector-7", request.Headers["X-TelemetryFlow-Collector-ID"]);
            Assert.Null(request.ContentEncoding); // compression is off by default
            if (transport == Transport.HttpV2)
            {
                Assert.Equal("v2", request.Headers["X-TelemetryFlow-API-Version"]);
            }
            else
            {
                Assert.False(request.Headers.ContainsKey("X-TelemetryFlow-API-Version"));
            }
        }

        Assert.Equal(
            new[] { "logs", "metrics", "traces" }.Select(s => TestClients.ExpectedPath(transport, s)).Order(),
            receiver.Requests.Select(r => r.Path).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Export_Metrics_ArriveWithKindValueUnitAndAttributes(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, transport)))
        {
            var route = new TagList { { "route", "/demo" } };
            client.IncrementCounter("test.requests", 1, route);
            client.IncrementCounter("test.requests", 2, route);
            client.IncrementCounter("test.requests", 5, new Dictionary<string, object?> { ["route"] = "/other" });
            client.RecordGauge("test.queue.depth", 5);
            client.RecordGauge("test.queue.depth", 7);
            client.RecordHistogram("test.request.duration", 12.5, "ms", route);
            client.RecordHistogram("test.request.duration", 40, "ms", route);
            client.RecordMetric("test.payload.size", 512, "By");
            await client.ShutdownAsync();
        }

        var metrics = await receiver.WaitForMetricsAsync(m => m.Select(x => x.Name).Distinct().Count() >= 4);
        var counter = Assert.Single(metrics, m => m.Name == "test.requests");
        Assert.Equal(MetricKind.Sum, counter.Kind);
        Assert.True(counter.IsMonotonic);
        Assert.Equal(3L, Assert.Single(counter.DataPoints, p => Equals(p.Attributes["route"], "/demo")).IntValue);
        Assert.Equal(5L, Assert.Single(counter.DataPoints, p => Equals(p.Attributes["route"], "/other")).IntValue);
        Assert.Equal(TelemetryRuntimeName, counter.ScopeName);

        var gauge = Assert.Single(metrics, m => m.Name == "test.queue.depth");
        Assert.Equal(MetricKind.Gauge, gauge.Kind);
        Assert.Equal(7d, Assert.Single(gauge.DataPoints).Value);

        var histogram = Assert.Single(metrics, m => m.Name == "test.request.duration");
        Assert.Equal(MetricKind.Histogram, histogram.Kind);
        Assert.Equal("ms", histogram.Unit);
        var point = Assert.Single(histogram.DataPoints);
        Assert.Equal(2UL, point.Count);
        Assert.Equal(52.5, point.Sum);
        Assert.Equal(12.5, point.Min);
        Assert.Equal(40, point.Max);
        Assert.Equal("/demo", point.Attributes["route"]);

        var generic = Assert.Single(metrics, m => m.Name == "test.payload.size");
        Assert.Equal(MetricKind.Histogram, generic.Kind);
        Assert.Equal("By", generic.Unit);
        Assert.Equal(512, Assert.Single(generic.DataPoints).Sum);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Export_Logs_ArriveWithSeverityBodyAttributesAndTraceCorrelation(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        string traceId;
        string spanId;
        await using (var client = TestClients.Start(TestClients.Builder(receiver, transport)))
        {
            client.LogTrace("t");
            client.LogDebug("d");
            client.LogInfo("i", [new("user.id", 42), new("flag", true)]);
            client.LogWarn("w");
            client.LogError("e", new InvalidOperationException("boom"));
            client.LogFatal("f");
            using (var span = client.Span("with-log"))
            {
                traceId = span.TraceId;
                spanId = span.SpanId;
                client.Log("inside", SeverityLevel.Info);
            }

            await client.ShutdownAsync();
        }

        var logs = await receiver.WaitForLogsAsync(7);
        Assert.Equal(
            [("t", 1), ("d", 5), ("i", 9), ("w", 13), ("e", 17), ("f", 21), ("inside", 9)],
            logs.Select(l => (l.BodyText!, l.SeverityNumber)).ToArray());
        Assert.All(logs, l => Assert.False(string.IsNullOrEmpty(l.SeverityText)));
        var info = logs.Single(l => l.BodyText == "i");
        Assert.Equal(42L, info.Attributes["user.id"]);
        Assert.Equal(true, info.Attributes["flag"]);
        var error = logs.Single(l => l.BodyText == "e");
        Assert.EndsWith(nameof(InvalidOperationException), (string)error.Attributes["exception.type"]!, StringComparison.Ordinal);
        Assert.Equal("boom", error.Attributes["exception.message"]);

        var inside = logs.Single(l => l.BodyText == "inside");
        Assert.Equal(traceId, inside.TraceIdHex);
        Assert.Equal(spanId, inside.SpanIdHex);
        Assert.Null(logs.Single(l => l.BodyText == "t").TraceIdHex);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Export_Spans_ArriveWithKindParentEventsStatusAndExceptionEvent(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        string parentId;
        string childId;
        string failedId;
        await using (var client = TestClients.Start(TestClients.Builder(receiver, transport)))
        {
            using (var parent = client.Span("parent", SpanKind.Server, [new("http.route", "/orders")]))
            {
                parentId = parent.SpanId;
                var child = client.StartSpan("child", SpanKind.Client);
                childId = child.SpanId;
                Assert.True(client.AddSpanEvent(childId, "cache.miss", [new("cache.key", "order:1")]));
                Assert.True(client.EndSpan(childId));
                Assert.False(client.EndSpan(childId));
            }

            client.StartSpan("producer", SpanKind.Producer).Dispose();
            client.StartSpan("consumer", SpanKind.Consumer).End();
            var failed = client.StartSpan("failed");
            failedId = failed.SpanId;
            Assert.True(client.EndSpan(failedId, Thrown(new InvalidOperationException("payment declined"))));
            await client.ShutdownAsync();
        }

        var spans = await receiver.WaitForSpansAsync(5);
        var parentSpan = spans.Single(s => s.Name == "parent");
        var childSpan = spans.Single(s => s.Name == "child");
        Assert.Equal(OtlpSpanKind.Server, parentSpan.Kind);
        Assert.Equal(OtlpSpanKind.Client, childSpan.Kind);
        Assert.Equal(OtlpSpanKind.Producer, spans.Single(s => s.Name == "producer").Kind);
        Assert.Equal(OtlpSpanKind.Consumer, spans.Single(s => s.Name == "consumer").Kind);
        Assert.Equal("/orders", parentSpan.Attributes["http.route"]);
        Assert.Equal(parentId, parentSpan.SpanIdHex);
        Assert.True(parentSpan.IsRoot);
        Assert.Equal(childId, childSpan.SpanIdHex);
        Assert.Equal(parentId, childSpan.ParentSpanIdHex);
        Assert.Equal(parentSpan.TraceIdHex, childSpan.TraceIdHex);
        Assert.Equal("order:1", childSpan.EventAttributes("cache.miss")!["cache.key"]);

        var failedSpan = spans.Single(s => s.Name == "failed");
        Assert.Equal(failedId, failedSpan.SpanIdHex);
        Assert.Equal(OtlpStatusCode.Error, failedSpan.StatusCode);
        Assert.Equal("payment declined", failedSpan.StatusMessage);
        var exception = failedSpan.EventAttributes("exception")!;
        Assert.Equal(typeof(InvalidOperationException).FullName, exception["exception.type"]);
        Assert.Equal("payment declined", exception["exception.message"]);
        Assert.Contains(nameof(Thrown), (string)exception["exception.stacktrace"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_MetricAttributesInAHeapObjectAndACompactingGcDuringTheCall_ArriveIntact()
    {
        // The client hands the caller's TagList to the handler by address, pinned. Here the TagList lives
        // in a heap object and a listener that runs before OpenTelemetry's compacts the heap mid-call.
        await using var receiver = await OtlpReceiver.StartAsync();
        // The listener sees every instrument published in the process, also by tests running in parallel and
        // after this client is disposed, so it compares against a captured meter and never touches the client.
        Meter? clientMeter = null;
        var compactions = 0;
        using var compactor = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, Volatile.Read(ref clientMeter)))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        compactor.SetMeasurementEventCallback<long>((_, _, _, _) =>
        {
            Interlocked.Increment(ref compactions);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

            // Reuse the space the compaction freed, so stale memory at an old address would read as garbage.
            for (var i = 0; i < 16; i++)
            {
                var fill = new byte[16 * 1024];
                Array.Fill(fill, (byte)0xA5);
                GC.KeepAlive(fill);
            }
        });
        compactor.Start();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)))
        {
            Volatile.Write(ref clientMeter, client.Pipeline.Meter);
            for (var i = 0; i < 3; i++)
            {
                // Fresh garbage right before a fresh holder, so the compaction slides the holder down over it.
                GC.KeepAlive(new byte[4096]);
                var holder = new AttributeHolder { Tags = new TagList { { "holder", i }, { "name", "holder-" + i } } };
                client.IncrementCounter("pinned.calls", 1, in holder.Tags);
            }

            await client.ShutdownAsync();
        }

        Assert.Equal(3, compactions);
        var points = receiver.Metrics.Where(m => m.Name == "pinned.calls").Last().DataPoints;
        Assert.Equal(3, points.Count);
        Assert.Equal(
            ["0:holder-0", "1:holder-1", "2:holder-2"],
            points.Select(p => $"{p.Attributes["holder"]}:{p.Attributes["name"]}").Order().ToArray());
    }

    private sealed class AttributeHolder
    {
        public TagList Tags;
    }

    [Fact]
    public async Task Export_LogAttributesChangedRightAfterTheCall_ArriveAsTheyWereAtTheCall()
    {
        // The client neither copies the caller's attributes nor keeps its log state: OpenTelemetry copies
        // the attributes into its own record during the call. This is the proof on the wire.
        await using var receiver = await OtlpReceiver.StartAsync();
        var array = new KeyValuePair<string, object?>[] { new("order.id", 1), new("customer", "ada") };
        var list = new List<KeyValuePair<string, object?>> { new("order.id", 2) };
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)))
        {
            client.LogInfo("from array", array);
            array[0] = new("order.id", 100);
            array[1] = new("changed", true);
            client.LogInfo("from list", list);
            list[0] = new("order.id", 200);
            list.Add(new("added", true));
            client.LogInfo("third", [new("order.id", 3)]);
            await client.ShutdownAsync();
        }

        var logs = await receiver.WaitForLogsAsync(3);
        var fromArray = logs.Single(l => l.BodyText == "from array");
        Assert.Equal(1L, fromArray.Attributes["order.id"]);
        Assert.Equal("ada", fromArray.Attributes["customer"]);
        Assert.False(fromArray.Attributes.ContainsKey("changed"));
        var fromList = logs.Single(l => l.BodyText == "from list");
        Assert.Equal(2L, fromList.Attributes["order.id"]);
        Assert.False(fromList.Attributes.ContainsKey("added"));
        Assert.Equal(3L, logs.Single(l => l.BodyText == "third").Attributes["order.id"]);
    }

    [Fact]
    public async Task Export_EightThreadsTimesTenThousandCalls_ReceiverCountsAreExact()
    {
        const int threads = 8;
        const int callsPerThread = 10_000;
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestClients.Builder(receiver, Transport.HttpV1)
            .WithBatchSettings(TimeSpan.FromMilliseconds(200), maxExportBatchSize: 8192, maxQueueSize: threads * callsPerThread);
        await using (var client = TestClients.Start(builder))
        {
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
                () =>
                {
                    var attributes = new TagList { { "thread", t % 2 } };
                    start.SignalAndWait();
                    for (var i = 0; i < callsPerThread; i++)
                    {
                        client.IncrementCounter("load.calls", 1, attributes);
                        using (client.Span("load.span"))
                        {
                        }
                    }
                },
                TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(workers);
            Assert.True(await client.ShutdownAsync(TimeSpan.FromSeconds(30)));
            var status = client.GetStatus();
            Assert.Equal(threads * callsPerThread, status.Metrics.Recorded);
            Assert.Equal(threads * callsPerThread, status.Traces.Recorded);
            Assert.Equal(threads * callsPerThread, status.Traces.Exported);
        }

        var spans = await receiver.WaitForSpansAsync(threads * callsPerThread, TimeSpan.FromSeconds(30));
        Assert.Equal(threads * callsPerThread, spans.Count(s => s.Name == "load.span"));
        Assert.Equal(threads * callsPerThread, spans.Select(s => s.SpanIdHex).Distinct().Count());
        var counter = receiver.Metrics.Where(m => m.Name == "load.calls").Last();
        Assert.Equal(threads * callsPerThread, counter.DataPoints.Sum(p => p.IntValue ?? 0));
    }

    private const string TelemetryRuntimeName = "TelemetryFlow";

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
