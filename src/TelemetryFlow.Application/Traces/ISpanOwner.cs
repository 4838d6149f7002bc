using System.Diagnostics;

namespace TelemetryFlow.Application.Traces;

/// <summary>Ends spans started by the SDK: records the exception, stops the activity, forgets it in the registry.</summary>
internal interface ISpanOwner
{
    void End(Activity activity, Exception? exception);
}
