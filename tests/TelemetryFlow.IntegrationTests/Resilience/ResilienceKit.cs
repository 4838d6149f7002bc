using System.Collections.Concurrent;
using System.Diagnostics;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>Short backoffs, cool-downs and timeouts, so the fault scenarios run in seconds.</summary>
internal static class ResilienceKit
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(1);

    public static TheoryData<Transport> GrpcAndHttp => new() { Transport.Grpc, Transport.HttpV1 };

    public static TelemetryFlowBuilder Builder(OtlpReceiver receiver, Transport transport) =>
        TestClients.Builder(receiver, transport)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithRetry(enabled: true, maxAttempts: 5, initialBackoff: TimeSpan.FromMilliseconds(50), maxBackoff: TimeSpan.FromMilliseconds(200))
            .WithCircuitBreaker(enabled: true, failureThreshold: 5, coolDown: CoolDown)
            .WithBatchSettings(scheduledDelay: TimeSpan.FromMilliseconds(100));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <see cref="Timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? Timeout))
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>For traces and logs: everything recorded is exported, dropped or still pending.</summary>
    public static void AssertBalanced(SignalStatus status) =>
        Assert.True(
            status.Recorded == status.Exported + status.Dropped + status.Pending,
            $"{status.Signal}: recorded {status.Recorded} != exported {status.Exported} + dropped {status.Dropped} + pending {status.Pending}");

    public static string DescribeDrops(SignalStatus status) =>
        string.Join(", ", status.DroppedByReason.Select(d => $"{d.Key}={d.Value}"));
}

/// <summary>
/// Steady application load on its own thread: <c>spansPerSecond</c> spans a second and a log for every
/// <c>logEvery</c>-th span, every name unique, each client call timed. An exception from a client
/// call ends the load and is rethrown by <see cref="StopAsync"/>.
/// </summary>
internal sealed class SteadyLoad
{
    private readonly TelemetryFlowClient _client;
    private readonly ConcurrentQueue<string> _spanNames = new();
    private readonly ConcurrentQueue<string> _logNames = new();
    private readonly ConcurrentQueue<double> _outageLatencies = new();
    private readonly Task _task;
    private volatile bool _stopping;
    private volatile bool _inOutage;

    public SteadyLoad(TelemetryFlowClient client, string prefix, int spansPerSecond = 1000, int logEvery = 1)
    {
        _client = client;
        _task = Task.Run(() => RunAsync(prefix, spansPerSecond, logEvery));
    }

    public IReadOnlyCollection<string> SpanNames => _spanNames;

    public IReadOnlyCollection<string> LogNames => _logNames;

    public bool InOutage
    {
        set => _inOutage = value;
    }

    public async Task StopAsync()
    {
        _stopping = true;
        await _task;
    }

    /// <summary>p50, p99 and the slowest of the client calls (one span, or one log) made during the outage, in microseconds.</summary>
    public (double P50, double P99, double Max, int Calls) OutageLatency()
    {
        var sorted = _outageLatencies.Order().ToArray();
        return sorted.Length == 0
            ? (0, 0, 0, 0)
            : (sorted[(int)(sorted.Length * 0.50)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1], sorted.Length);
    }

    private async Task RunAsync(string prefix, int spansPerSecond, int logEvery)
    {
        // A 1 ms timer ticks every few milliseconds on a busy machine: each tick catches up with the rate.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var clock = Stopwatch.StartNew();
        for (var index = 0L; !_stopping && await pace.WaitForNextTickAsync();)
        {
            for (var due = (long)(clock.Elapsed.TotalSeconds * spansPerSecond); index < due && !_stopping; index++)
            {
                var name = $"{prefix}-{index}";
                var started = Stopwatch.GetTimestamp();
                using (_client.Span(name))
                {
                }

                Timed(started);
                _spanNames.Enqueue(name);
                if (index % logEvery == 0)
                {
                    started = Stopwatch.GetTimestamp();
                    _client.LogInfo(name);
                    Timed(started);
                    _logNames.Enqueue(name);
                }
            }
        }
    }

    private void Timed(long started)
    {
        if (_inOutage)
        {
            _outageLatencies.Enqueue(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
    }
}
