using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class StoredBatchTests
{
    private static readonly Guid Run = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FromRequestBody_Grpc_DropsTheFrameAndKeepsTheCompressionFlag(bool compressed)
    {
        byte[] body = [compressed ? (byte)1 : (byte)0, 0, 0, 0, 3, 10, 20, 30];

        var batch = StoredBatch.FromRequestBody(SignalType.Traces, 4, body, "application/grpc", "gzip", "/opentelemetry.proto.collector.trace.v1.TraceService/Export", Run, TestTime.Epoch);

        Assert.NotNull(batch);
        Assert.Equal([10, 20, 30], batch.Payload.ToArray());
        Assert.Equal(compressed, batch.Gzip);
        Assert.Equal(body, batch.ToGrpcBody());
    }

    [Fact]
    public void FromRequestBody_GrpcTooShortForAFrame_IsNotStored() =>
        Assert.Null(StoredBatch.FromRequestBody(SignalType.Traces, 1, [1, 0], "application/grpc", null, "/x", Run, TestTime.Epoch));

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("GZIP", true)]
    [InlineData(null, false)]
    [InlineData("identity", false)]
    public void FromRequestBody_Http_KeepsTheBodyAndReadsContentEncoding(string? encoding, bool gzip)
    {
        var batch = StoredBatch.FromRequestBody(SignalType.Logs, 2, [1, 2, 3], "application/x-protobuf", encoding, "/v1/logs", Run, TestTime.Epoch);

        Assert.Equal([1, 2, 3], batch!.Payload.ToArray());
        Assert.Equal(gzip, batch.Gzip);
    }

    [Fact]
    public void Serialize_ThenDeserialize_RoundTripsEveryField()
    {
        var batch = new StoredBatch(SignalType.Metrics, 42, new byte[] { 9, 8, 7 }, Gzip: true, "application/grpc", "/v1/metrics", Run, TestTime.Epoch);

        var read = StoredBatch.Deserialize(batch.Serialize());

        Assert.Equal(batch with { Payload = default }, read with { Payload = default });
        Assert.Equal([9, 8, 7], read.Payload.ToArray());
    }

    [Fact]
    public void Deserialize_TruncatedOrForeignBytes_Throw()
    {
        var bytes = new StoredBatch(SignalType.Logs, 1, new byte[] { 1, 2, 3, 4 }, Gzip: false, "application/x-protobuf", "/v1/logs", Run, TestTime.Epoch).Serialize();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => StoredBatch.Deserialize(bytes[..length]));
        }

        Assert.Throws<InvalidDataException>(() => StoredBatch.Deserialize("not a batch at all"u8.ToArray()));
    }
}
