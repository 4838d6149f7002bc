using System.Diagnostics;
using System.Net;

namespace TelemetryFlow.Benchmarks.Web;

/// <summary>What one load run measured.</summary>
/// <param name="InWindow">Successful responses that arrived before the run's deadline: the measured requests.</param>
/// <param name="Completed">All successful responses, including those in flight at the deadline.</param>
/// <param name="Failed">Requests that failed or answered other than 200.</param>
/// <param name="Window">The measured time.</param>
internal sealed record LoadResult(long InWindow, long Completed, long Failed, TimeSpan Window)
{
    public double RequestsPerSecond => InWindow / Window.TotalSeconds;
}

/// <summary>
/// A closed-loop HTTP/1.1 load generator, in the manner of <c>wrk</c>: one HttpClient over a
/// <see cref="SocketsHttpHandler"/> with as many keep-alive connections as workers, each worker sending its next
/// request when the previous response has been read. It only targets 127.0.0.1, and a run is bounded in time (its
/// duration, then a hard stop one request timeout later) and in count (<see cref="MaxRequestsPerWorker"/>).
/// </summary>
internal sealed class LoadLoop : IDisposable
{
    /// <summary>Far above what 2 cores serve in a run (~20,000 requests/s); only a runaway loop reaches it.</summary>
    public const long MaxRequestsPerWorker = 1_000_000;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly int _workers;

    public LoadLoop(Uri url, int connections)
    {
        if (url.Host != "127.0.0.1")
        {
            throw new ArgumentException($"The load loop only targets 127.0.0.1, not {url.Host}.", nameof(url));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        _url = url;
        _workers = connections;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,

            // A client without tracing, like wrk: no traceparent header, so every server span is a root.
            ActivityHeadersPropagator = null,
        })
        {
            Timeout = RequestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>Keeps every connection busy for <paramref name="duration"/>, then waits for the requests in flight.</summary>
    public async Task<LoadResult> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(duration + RequestTimeout);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task<LoadResult>[_workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(deadline, duration, hardStop.Token), CancellationToken.None);
        }

        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        return new LoadResult(results.Sum(r => r.InWindow), results.Sum(r => r.Completed), results.Sum(r => r.Failed), duration);
    }

    public void Dispose() => _client.Dispose();

    private async Task<LoadResult> WorkAsync(long deadline, TimeSpan duration, CancellationToken cancellationToken)
    {
        long inWindow = 0;
        long completed = 0;
        long failed = 0;
        while (Stopwatch.GetTimestamp() < deadline && completed + failed < MaxRequestsPerWorker && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await _client.GetAsync(_url, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failed++;
                    continue;
                }

                completed++;
                if (Stopwatch.GetTimestamp() <= deadline)
                {
                    inWindow++;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                failed++;
            }
        }

        return new LoadResult(inWindow, completed, failed, duration);
    }
}
