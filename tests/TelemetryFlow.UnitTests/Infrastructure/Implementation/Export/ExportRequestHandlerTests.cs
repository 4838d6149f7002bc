using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

public sealed class ExportRequestHandlerTests : IDisposable
{
    private const string DefaultReason = "the exporter reported a failure";
    private const string CredentialsRejected = ": credentials rejected by the backend";

    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        ["X-TelemetryFlow-Key-Id"] = "tfk_unit",
        ["Authorization"] = "Bearer tfk_unit:tfs_unit",
    };

    private readonly StubHandler _stub = new();
    private readonly SignalStatistics _statistics = new(SignalType.Traces, TimeProvider.System);
    private readonly HttpMessageInvoker _invoker;

    public ExportRequestHandlerTests() => _invoker = new HttpMessageInvoker(new ExportRequestHandler(Headers, _statistics, _stub), disposeHandler: true);

    /// <summary>The OTLP/HTTP exporter sends synchronously, the gRPC exporter asynchronously: every behaviour is checked on both.</summary>
    public enum Path
    {
        Sync,
        Async,
    }

    public static TheoryData<Path> Paths => new() { Path.Sync, Path.Async };

    /// <summary>Status code, grpc-status header (or null), and the expected failure description (null: success).</summary>
    public static TheoryData<int, string?, string?> Responses => new()
    {
        { 200, null, null },
        { 204, null, null },
        { 503, null, "HTTP 503 Service Unavailable" },
        { 500, "14", "HTTP 500 Internal Server Error" },
        { 401, null, "HTTP 401 Unauthorized" + CredentialsRejected },
        { 403, null, "HTTP 403 Forbidden" + CredentialsRejected },
        { 499, null, "HTTP 499" },
        { 200, "0", null },
        { 200, "14", "gRPC status UNAVAILABLE (14)" },
        { 200, "4", "gRPC status DEADLINE_EXCEEDED (4)" },
        { 200, "16", "gRPC status UNAUTHENTICATED (16)" + CredentialsRejected },
        { 200, "7", "gRPC status PERMISSION_DENIED (7)" + CredentialsRejected },
        { 200, "99", "gRPC status UNKNOWN_STATUS (99)" },
        { 200, "not-a-number", null },
    };

    public static TheoryData<Path, int, string?, string?> ResponsesOnBothPaths => Cross(Responses);

    /// <summary>What the inner handler throws, and the reason recorded for the export that then fails.</summary>
    private static readonly Dictionary<string, (Func<Exception> Create, string Reason)> TransportExceptions = new(StringComparer.Ordinal)
    {
        ["connection refused"] = (() => new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), "connection failed: ConnectionRefused (127.0.0.1:4318)"),
        ["tls handshake"] = (() => new HttpRequestException("tls", new AuthenticationException("bad certificate")), "TLS handshake failed (127.0.0.1:4318)"),
        ["name resolution"] = (() => new HttpRequestException(HttpRequestError.NameResolutionError, "dns"), "request failed: NameResolutionError (127.0.0.1:4318)"),
        ["unclassified http error"] = (() => new HttpRequestException("other"), "request failed: HttpRequestException (127.0.0.1:4318)"),
        ["timeout"] = (() => new TaskCanceledException("timeout"), "the export request timed out or was cancelled"),
    };

    public static TheoryData<string, Path> TransportExceptionsOnBothPaths
    {
        get
        {
            var data = new TheoryData<string, Path>();
            foreach (var name in TransportExceptions.Keys)
            {
                foreach (var path in Enum.GetValues<Path>())
                {
                    data.Add(name, path);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void DescribeFailure_Response_GivesReason(int status, string? grpcStatus, string? expected)
    {
        using var response = Response(status, grpcStatus);

        Assert.Equal(expected, ExportRequestHandler.DescribeFailure(response));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_ConfiguredHeaders_AreAddedToTheRequest(Path path)
    {
        using var request = Request();
        request.Headers.Add("X-Other", "kept");

        using var response = await Send(request, path);

        Assert.Equal("tfk_unit", _stub.Header("X-TelemetryFlow-Key-Id"));
        Assert.Equal("Bearer tfk_unit:tfs_unit", _stub.Header("Authorization"));
        Assert.Equal("kept", _stub.Header("X-Other"));
        Assert.Equal(path == Path.Sync ? (1, 0) : (0, 1), (_stub.SyncCalls, _stub.AsyncCalls));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_HeaderAlreadyOnTheRequest_IsReplacedNotDuplicated(Path path)
    {
        using var request = Request();
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer stale");
        request.Headers.TryAddWithoutValidation("x-telemetryflow-key-id", "tfk_stale");

        using var response = await Send(request, path);

        Assert.Equal("Bearer tfk_unit:tfs_unit", _stub.Header("Authorization"));
        Assert.Equal("tfk_unit", _stub.Header("X-TelemetryFlow-Key-Id"));
    }

    [Theory]
    [MemberData(nameof(ResponsesOnBothPaths))]
    public async Task Send_Response_FailureReasonReachesTheStatistics(Path path, int status, string? grpcStatus, string? expected)
    {
        _stub.Respond = _ => Response(status, grpcStatus);
        using var request = Request();

        using var response = await Send(request, path);
        _statistics.RecordExport(items: 1, success: false);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expected ?? DefaultReason, _statistics.Snapshot(enabled: true).LastFailureReason);
    }

    [Theory]
    [MemberData(nameof(TransportExceptionsOnBothPaths))]
    public async Task Send_InnerThrows_NotesTheReasonAndRethrows(string scenario, Path path)
    {
        var (create, reason) = TransportExceptions[scenario];
        var thrown = create();
        _stub.Respond = _ => throw thrown;
        using var request = Request();

        var caught = await Record.ExceptionAsync(() => Send(request, path));
        _statistics.RecordExport(items: 1, success: false);

        Assert.True(ReferenceEquals(thrown, caught), $"{scenario}: expected the original exception, got {caught}");
        Assert.Equal(reason, _statistics.Snapshot(enabled: true).LastFailureReason);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_InnerThrowsSomethingElse_RethrowsWithoutNotingAReason(Path path)
    {
        _stub.Respond = _ => throw new InvalidOperationException("bug");
        using var request = Request();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Send(request, path));
        _statistics.RecordExport(items: 1, success: false);

        Assert.Equal(DefaultReason, _statistics.Snapshot(enabled: true).LastFailureReason);
    }

    public void Dispose() => _invoker.Dispose();

    private static TheoryData<Path, int, string?, string?> Cross(TheoryData<int, string?, string?> responses)
    {
        var data = new TheoryData<Path, int, string?, string?>();
        foreach (var row in responses)
        {
            foreach (var path in Enum.GetValues<Path>())
            {
                data.Add(path, (int)row[0], (string?)row[1], (string?)row[2]);
            }
        }

        return data;
    }

    private static HttpRequestMessage Request() => new(HttpMethod.Post, "http://127.0.0.1:4318/v1/traces");

    private static HttpResponseMessage Response(int status, string? grpcStatus)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (grpcStatus is not null)
        {
            response.Headers.TryAddWithoutValidation("grpc-status", grpcStatus);
        }

        return response;
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, Path path) =>
        path == Path.Sync ? _invoker.Send(request, CancellationToken.None) : await _invoker.SendAsync(request, CancellationToken.None);

    /// <summary>The transport under the handler: records what was sent, answers with <see cref="Respond"/>.</summary>
    private sealed class StubHandler : HttpMessageHandler
    {
        private Dictionary<string, string[]> _headers = new(StringComparer.OrdinalIgnoreCase);

        public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.OK);

        public int SyncCalls { get; private set; }

        public int AsyncCalls { get; private set; }

        /// <summary>The single value of a header on the last request; fails when it is missing or repeated.</summary>
        public string Header(string name) => Assert.Single(_headers[name]);

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            SyncCalls++;
            return Answer(request);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            AsyncCalls++;
            try
            {
                return Task.FromResult(Answer(request));
            }
            catch (Exception ex)
            {
                return Task.FromException<HttpResponseMessage>(ex);
            }
        }

        private HttpResponseMessage Answer(HttpRequestMessage request)
        {
            _headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
            return Respond(request);
        }
    }
}
