namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// HTTP status codes boxed once each: span and metric tags take <see cref="object"/> values, and boxing the
/// status on every request is an allocation per request for a value from a small set.
/// </summary>
internal static class BoxedStatusCodes
{
    private const int First = 100;
    private static readonly object?[] Boxes = new object?[600 - First];

    public static object Get(int status)
    {
        var index = status - First;
        if ((uint)index >= (uint)Boxes.Length)
        {
            return status;
        }

        // A race boxes the same value twice; either box is correct.
        return Boxes[index] ??= status;
    }
}
