using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TelemetryFlow.Testing;

/// <summary>
/// A loopback TCP port that refuses every connection, for as long as this object lives: a socket is bound to the port
/// and never listens, so a connection attempt is answered with a reset (connection refused) at once.
/// </summary>
/// <remarks>
/// Reading a free port and releasing it ("bind port 0, read it, close") does not give a port that stays closed: any
/// process binding port 0 afterwards, or choosing a local port for an outgoing connection, may be handed the same
/// number, and a client meant to fail then reaches someone else's server (or, on Linux, connects to itself). The
/// kernel hands out neither a port that is bound, so holding the socket is what keeps the port refusing.
/// </remarks>
public sealed class RefusingEndpoint : IDisposable
{
    private readonly Socket _socket;

    private RefusingEndpoint(Socket socket)
    {
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>The held port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The port as a base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Uri => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Holds a free loopback port, chosen by the system.</summary>
    /// <returns>The endpoint; dispose it to release the port.</returns>
    public static RefusingEndpoint Create() => Bind(0);

    /// <summary>Releases the port.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>Holds <paramref name="port"/>, e.g. one a stopped receiver will listen on again.</summary>
    /// <exception cref="SocketException">The port is taken.</exception>
    internal static RefusingEndpoint Bind(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));

            // .NET binds TCP sockets with SO_REUSEADDR on Unix, and Linux lets another SO_REUSEADDR socket bind and
            // listen beside a bound socket that has it: clearing it keeps the port from anyone who names it, too.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            return new RefusingEndpoint(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
