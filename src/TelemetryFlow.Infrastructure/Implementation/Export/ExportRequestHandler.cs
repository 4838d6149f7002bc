using System.Net;
using System.Net.Sockets;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Sits at the bottom of the OTLP exporter's handler chain (gRPC and HTTP alike), under the
/// <see cref="DeliveryHandler"/>: adds the TelemetryFlow headers to every attempt, and records why an
/// attempt failed so status can show a reason, not just "failure".
/// </summary>
/// <remarks>
/// Headers are added here rather than through <c>OtlpExporterOptions.Headers</c>, whose
/// comma-separated string form cannot carry every value safely, and which would put the secret in
/// an options object other code may log.
/// </remarks>
internal sealed class ExportRequestHandler : DelegatingHandler
{
    /// <summary>The signal of a request sent through a handler shared by every signal (replays), to pick its headers.</summary>
    public static readonly HttpRequestOptionsKey<SignalType> SignalOption = new("TelemetryFlow.Signal");

    private readonly KeyValuePair<string, string>[] _headers;
    private readonly Dictionary<SignalType, KeyValuePair<string, string>[]>? _signalHeaders;
    private readonly SignalStatistics? _statistics;

    /// <param name="headers">The headers to add (they carry the secret).</param>
    /// <param name="statistics">Where failure reasons go; <see langword="null"/> for replays, which must not overwrite a live export's reason.</param>
    /// <param name="inner">The transport.</param>
    /// <param name="signalHeaders">For a handler shared by every signal: each signal's headers, used for a request marked with <see cref="SignalOption"/>.</param>
    public ExportRequestHandler(
        IReadOnlyDictionary<string, string> headers,
        SignalStatistics? statistics,
        HttpMessageHandler inner,
        IReadOnlyDictionary<SignalType, IReadOnlyDictionary<string, string>>? signalHeaders = null)
        : base(inner)
    {
        _headers = headers.ToArray();
        _signalHeaders = signalHeaders?.ToDictionary(signal => signal.Key, signal => signal.Value.ToArray());
        _statistics = statistics;
    }

    // The OTLP/HTTP exporter sends synchronously and the gRPC exporter asynchronously: cover both.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddHeaders(request);
        try
        {
            return Observe(base.Send(request, cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            NoteException(ex, request.RequestUri);
            throw;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddHeaders(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (ExportFailureClassifier.IsGrpc(response) && ExportFailureClassifier.GrpcStatus(response) is null)
            {
                // Not trailers-only: the status comes in the trailers, which are only there once the body was read.
                // The export response is small, and the exporter reads it from the buffer just the same.
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            return Observe(response);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            NoteException(ex, request.RequestUri);
            throw;
        }
    }

    internal static string? DescribeFailure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            var code = (int)response.StatusCode;
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? ": credentials rejected by the backend"
                : string.Empty;
            return $"HTTP {code} {response.ReasonPhrase}{hint}".TrimEnd();
        }

        // A gRPC failure usually arrives as a trailers-only response (status in the headers), else in the trailers.
        if (ExportFailureClassifier.GrpcStatus(response) is { } grpcStatus && grpcStatus != 0)
        {
            var hint = grpcStatus is 7 or 16 ? ": credentials rejected by the backend" : string.Empty;
            return $"gRPC status {GrpcStatusName(grpcStatus) ?? "UNKNOWN_STATUS"} ({grpcStatus}){hint}";
        }

        return null;
    }

    private void AddHeaders(HttpRequestMessage request)
    {
        var headers = _signalHeaders is not null && request.Options.TryGetValue(SignalOption, out var signal) && _signalHeaders.TryGetValue(signal, out var own)
            ? own
            : _headers;
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private HttpResponseMessage Observe(HttpResponseMessage response)
    {
        var failure = DescribeFailure(response);
        if (failure is not null)
        {
            _statistics?.NoteTransportFailure(failure, ExportFailureClassifier.IsCredentialsRejection(response));
        }

        return response;
    }

    private void NoteException(Exception ex, Uri? target) => _statistics?.NoteTransportFailure(ex switch
    {
        HttpRequestException http => DescribeException(http, target),
        _ => "the export request timed out or was cancelled",
    });

    /// <summary>
    /// Names the host and port the request went to, so a log line or status tells which endpoint failed; never the
    /// whole URL, whose user info or query could carry a secret.
    /// </summary>
    internal static string DescribeException(HttpRequestException ex, Uri? target)
    {
        var host = target is { IsAbsoluteUri: true } ? $" ({target.Host}:{target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)})" : string.Empty;
        return ex.InnerException switch
        {
            SocketException socket => $"connection failed: {socket.SocketErrorCode}{host}",
            System.Security.Authentication.AuthenticationException => $"TLS handshake failed{host}",
            _ when ex.HttpRequestError != HttpRequestError.Unknown => $"request failed: {ex.HttpRequestError}{host}",
            _ => $"request failed: {ex.GetType().Name}{host}",
        };
    }

    /// <summary>The name of a gRPC status code (<c>UNAVAILABLE</c>), or <see langword="null"/> for a code gRPC does not define.</summary>
    internal static string? GrpcStatusName(int status) => status switch
    {
        0 => "OK",
        1 => "CANCELLED",
        2 => "UNKNOWN",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        6 => "ALREADY_EXISTS",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        10 => "ABORTED",
        11 => "OUT_OF_RANGE",
        12 => "UNIMPLEMENTED",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        15 => "DATA_LOSS",
        16 => "UNAUTHENTICATED",
        _ => null,
    };
}
