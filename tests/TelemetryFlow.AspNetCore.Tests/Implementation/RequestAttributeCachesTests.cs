using Microsoft.AspNetCore.Http;
using TelemetryFlow.AspNetCore.Implementation;

namespace TelemetryFlow.AspNetCore.Tests.Implementation;

/// <summary>The per-request attribute helpers of the middleware: method names, span names, server address, status codes.</summary>
public sealed class RequestAttributeCachesTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    [InlineData("CONNECT")]
    public void Known_StandardMethod_ReturnsTheSharedConstant(string method)
    {
        var copy = new string(method.AsSpan());

        var known = HttpMethodNames.Known(copy);

        Assert.Equal(method, known);
        Assert.Same(HttpMethods.GetCanonicalizedValue(method), known);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("PROPFIND")]
    [InlineData("FOO")]
    [InlineData("")]
    public void Known_OtherMethod_ReturnsOther(string method) =>
        Assert.Equal("_OTHER", HttpMethodNames.Known(method));

    [Fact]
    public void SpanNames_SameMethodAndRoute_ReturnsOneInstance()
    {
        var names = new SpanNameCache();

        var first = names.Get("GET", "/orders/{id}");
        var second = names.Get("GET", new string("/orders/{id}".AsSpan()));

        Assert.Equal("GET /orders/{id}", first);
        Assert.Same(first, second);
        Assert.Equal("POST /orders/{id}", names.Get("POST", "/orders/{id}"));
    }

    [Fact]
    public void SpanNames_PastCapacity_StillNamesEverySpanWithoutKeepingIt()
    {
        var names = new SpanNameCache();
        for (var i = 0; i < SpanNameCache.Capacity; i++)
        {
            names.Get("GET", "/r" + i);
        }

        var first = names.Get("GET", "/one-too-many");
        var second = names.Get("GET", "/one-too-many");

        Assert.Equal("GET /one-too-many", first);
        Assert.Equal(first, second);
        Assert.NotSame(first, second);
        Assert.Same(names.Get("GET", "/r0"), names.Get("GET", "/r0"));
    }

    [Theory]
    [InlineData("example.com:8080", false, "example.com", 8080)]
    [InlineData("example.com", false, "example.com", 80)]
    [InlineData("example.com", true, "example.com", 443)]
    [InlineData("[::1]:5000", false, "[::1]", 5000)]
    [InlineData("127.0.0.1:5000", true, "127.0.0.1", 5000)]
    public void ServerAddress_HostHeader_GivesAddressAndPortWithTheSchemeDefault(string header, bool https, string address, int port)
    {
        var cache = new ServerAddressCache();

        var entry = cache.Get(Request(header, https));

        Assert.NotNull(entry);
        Assert.Equal(address, entry.Address);
        Assert.Equal(port, entry.Port);
    }

    [Fact]
    public void ServerAddress_NoHostHeader_GivesNothing() =>
        Assert.Null(new ServerAddressCache().Get(Request(header: null, https: false)));

    [Fact]
    public void ServerAddress_HeaderChangesBetweenRequests_FollowsTheHeader()
    {
        var cache = new ServerAddressCache();

        var a = cache.Get(Request("a.example:1", https: false));
        var aAgain = cache.Get(Request("a.example:1", https: false));
        var b = cache.Get(Request("b.example:2", https: false));
        var bOverHttps = cache.Get(Request("b.example", https: true));
        var bOverHttp = cache.Get(Request("b.example", https: false));

        Assert.Same(a, aAgain);
        Assert.Equal(("b.example", (object)2), (b!.Address, b.Port));
        Assert.Equal(443, bOverHttps!.Port);
        Assert.Equal(80, bOverHttp!.Port);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(404)]
    [InlineData(599)]
    public void StatusCodes_InRange_BoxedOnce(int status)
    {
        Assert.Equal(status, BoxedStatusCodes.Get(status));
        Assert.Same(BoxedStatusCodes.Get(status), BoxedStatusCodes.Get(status));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(600)]
    [InlineData(-1)]
    public void StatusCodes_OutOfRange_BoxedAsIs(int status) =>
        Assert.Equal(status, BoxedStatusCodes.Get(status));

    private static HttpRequest Request(string? header, bool https)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = https ? "https" : "http";
        if (header is not null)
        {
            context.Request.Headers.Host = header;
        }

        return context.Request;
    }
}
