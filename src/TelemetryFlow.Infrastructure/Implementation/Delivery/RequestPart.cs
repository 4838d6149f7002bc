namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>One request cut from a larger one: a complete, serialized OTLP export request and the items it carries.</summary>
/// <param name="Body">The serialized request (uncompressed protobuf).</param>
/// <param name="Items">Spans, metrics or log records in it.</param>
internal readonly record struct RequestPart(byte[] Body, long Items);
