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

/// <summary>A storage directory for one test; the SDK creates it, the test deletes it.</summary>
internal sealed class TempStorage : IDisposable
{
    public TempStorage() => Directory = Path.Combine(Path.GetTempPath(), "telemetryflow-tests", Guid.NewGuid().ToString("N"), "buffer");

    public string Directory { get; }

    public IReadOnlyList<string> Files => System.IO.Directory.Exists(Directory)
        ? System.IO.Directory.GetFiles(Directory, "*.otlp")
        : [];

    public void Dispose()
    {
        var root = Path.GetDirectoryName(Directory)!;
        if (System.IO.Directory.Exists(root))
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>
/// Steady application load on its own thread: one span and one log per iteration, every name unique, each
/// call timed. An exception from a client call ends the load and is rethrown by <see cref="StopAsync"/>.
/// </summary>
internal sealed class SteadyLoad
{
    private readonly TelemetryFlowClient _client;
    private readonly ConcurrentQueue<string> _names = new();
    private readonly ConcurrentQueue<double> _outageLatencies = new();
    private readonly Task _task;
    private volatile bool _stopping;
    private volatile bool _inOutage;

    public SteadyLoad(TelemetryFlowClient client, string prefix)
    {
        _client = client;
        _task = Task.Run(() => RunAsync(prefix));
    }

    public IReadOnlyCollection<string> Names => _names;

    public int Count => _names.Count;

    public bool InOutage
    {
        set => _inOutage = value;
    }

    public async Task StopAsync()
    {
        _stopping = true;
        await _task;
    }

    /// <summary>p50 and p99 of the client calls made during the outage, in microseconds.</summary>
    public (double P50, double P99, int Calls) OutageLatency()
    {
        var sorted = _outageLatencies.Order().ToArray();
        return sorted.Length == 0
            ? (0, 0, 0)
            : (sorted[(int)(sorted.Length * 0.50)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted.Length);
    }

    private async Task RunAsync(string prefix)
    {
        // Paced by a 1 ms timer: about one span and one log per millisecond of steady load.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        for (var i = 0; !_stopping && await pace.WaitForNextTickAsync(); i++)
        {
            var name = $"{prefix}-{i}";
            var started = Stopwatch.GetTimestamp();
            using (_client.Span(name))
            {
                _client.LogInfo(name);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            _names.Enqueue(name);
            if (_inOutage)
            {
                _outageLatencies.Enqueue(elapsed.TotalMicroseconds);
            }
        }
    }
}
