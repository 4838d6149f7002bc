using System.Net;
using System.Net.Sockets;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Sits under the OTLP exporter's HttpClient (gRPC and HTTP alike): adds the TelemetryFlow headers to
/// every request, and records why a request failed so status can show a reason, not just "failure".
/// </summary>
/// <remarks>
/// Headers are added here rather than through <c>OtlpExporterOptions.Headers</c>, whose
/// comma-separated string form cannot carry every value safely, and which would put the secret in
/// an options object other code may log.
/// </remarks>
internal sealed class ExportRequestHandler : DelegatingHandler
{
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly SignalStatistics _statistics;

    public ExportRequestHandler(IReadOnlyDictionary<string, string> headers, SignalStatistics statistics, HttpMessageHandler inner)
        : base(inner)
    {
        _headers = headers.ToArray();
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
            NoteException(ex);
            throw;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddHeaders(request);
        try
        {
            return Observe(await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            NoteException(ex);
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

        // A gRPC failure usually arrives as a trailers-only response: status in the headers.
        if (response.Headers.TryGetValues("grpc-status", out var values)
            && int.TryParse(values.FirstOrDefault(), out var grpcStatus)
            && grpcStatus != 0)
        {
            var hint = grpcStatus is 7 or 16 ? ": credentials rejected by the backend" : string.Empty;
            return $"gRPC status {GrpcStatusName(grpcStatus)} ({grpcStatus}){hint}";
        }

        return null;
    }

    private void AddHeaders(HttpRequestMessage request)
    {
        foreach (var (name, value) in _headers)
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
            _statistics.NoteTransportFailure(failure);
        }

        return response;
    }

    private void NoteException(Exception ex) => _statistics.NoteTransportFailure(ex switch
    {
        HttpRequestException http => DescribeException(http),
        _ => "the export request timed out or was cancelled",
    });

    private static string DescribeException(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException socket => $"connection failed: {socket.SocketErrorCode}",
        System.Security.Authentication.AuthenticationException => "TLS handshake failed",
        _ when ex.HttpRequestError != HttpRequestError.Unknown => $"request failed: {ex.HttpRequestError}",
        _ => "request failed: " + ex.GetType().Name,
    };

    private static string GrpcStatusName(int status) => status switch
    {
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
        _ => "UNKNOWN_STATUS",
    };
}
