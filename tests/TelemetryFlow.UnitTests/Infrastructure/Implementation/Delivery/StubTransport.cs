using System.Collections.Concurrent;
using System.Net;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

/// <summary>The transport under the handlers: records each request (headers and body) and answers from a script.</summary>
internal sealed class StubTransport : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly ConcurrentQueue<SentRequest> _sent = new();

    /// <summary>The answer once the script is used up.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage> Otherwise { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.OK);

    public IReadOnlyList<SentRequest> Sent => [.. _sent];

    public StubTransport Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public StubTransport Then(HttpStatusCode status, params (string Name, string Value)[] headers) => Then(_ =>
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    });

    public StubTransport ThenGrpcStatus(int status) => Then(_ =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Content.Headers.ContentType = new("application/grpc");
        response.Headers.TryAddWithoutValidation("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    });

    public StubTransport ThenThrow(Exception exception) => Then(_ => throw exception);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        request.Content?.CopyTo(body, null, cancellationToken);
        return Answer(request, body.ToArray(), sync: true);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return Answer(request, body, sync: false);
    }

    private HttpResponseMessage Answer(HttpRequestMessage request, byte[] body, bool sync)
    {
        var headers = request.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (request.Content is not null)
        {
            foreach (var (name, value) in request.Content.Headers.NonValidated)
            {
                headers[name] = value.ToString();
            }
        }

        _sent.Enqueue(new SentRequest(request.RequestUri!, request.Version, headers, body, sync));
        var answer = _script.TryDequeue(out var next) ? next : Otherwise;
        var response = answer(request);
        response.RequestMessage = request;
        return response;
    }
}

internal sealed record SentRequest(Uri Uri, Version Version, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool Sync);
