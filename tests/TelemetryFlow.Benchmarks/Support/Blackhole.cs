using System.Net;
using System.Net.Sockets;

namespace TelemetryFlow.Benchmarks.Support;

/// <summary>
/// A loopback TCP endpoint that accepts connections and never answers. An exporter pointed at it blocks in its first
/// request, so a batch processor's export thread parks (no CPU, no allocation) and its queue fills and then drops:
/// the hot path is measured without export work running on the second core or polluting the allocation count.
/// Disposing it closes every connection, which fails the pending export at once, so providers shut down quickly.
/// </summary>
internal sealed class Blackhole : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private bool _disposed;

    public Blackhole()
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var socket in _held)
            {
                socket.Dispose();
            }

            _held.Clear();
        }

        _listener.Stop();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's exception; nothing to report.
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    socket.Dispose();
                    return;
                }

                _held.Add(socket);
            }
        }
    }
}
