namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>What <see cref="OtlpRequestSplitter.Split"/> made of a request.</summary>
/// <param name="Parts">Requests no larger than the cap, in the original order.</param>
/// <param name="Oversized">Items that do not fit in a request of the cap's size even alone (with their resource and scope); left out.</param>
internal sealed record SplitRequest(IReadOnlyList<RequestPart> Parts, long Oversized);
