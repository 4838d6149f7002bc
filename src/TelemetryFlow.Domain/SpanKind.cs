namespace TelemetryFlow;

/// <summary>The role of a span in a trace, as defined by OpenTelemetry.</summary>
public enum SpanKind
{
    /// <summary>An internal operation (default).</summary>
    Internal = 0,

    /// <summary>The server side of a synchronous remote call.</summary>
    Server = 1,

    /// <summary>The client side of a synchronous remote call.</summary>
    Client = 2,

    /// <summary>The initiator of an asynchronous message.</summary>
    Producer = 3,

    /// <summary>The receiver of an asynchronous message.</summary>
    Consumer = 4,
}
