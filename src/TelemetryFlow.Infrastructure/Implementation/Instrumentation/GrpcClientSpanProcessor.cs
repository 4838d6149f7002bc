using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// Brings Grpc.Net.Client's own call span (source <c>Grpc.Net.Client</c>, activity <c>Grpc.Net.Client.GrpcOut</c>) to
/// OpenTelemetry's RPC conventions as it ends: named after the method (<c>greet.Greeter/SayHello</c>),
/// <c>rpc.system.name</c>, <c>rpc.method</c>, <c>rpc.response.status_code</c>, and error status with <c>error.type</c>
/// for any code but OK. The library's <c>grpc.method</c> and <c>grpc.status_code</c> tags are replaced.
/// </summary>
/// <remarks>
/// One span per call whether or not the application also registers OpenTelemetry's gRPC client instrumentation: that
/// instrumentation adopts the same activity (moving it to its own source), and this processor leaves such spans alone.
/// </remarks>
internal sealed class GrpcClientSpanProcessor : BaseProcessor<Activity>
{
    private const string ActivityName = "Grpc.Net.Client.GrpcOut";

    public override void OnEnd(Activity data)
    {
        if (!data.IsAllDataRequested || data.Source.Name != InstrumentationNames.GrpcClientSource || data.OperationName != ActivityName)
        {
            return;
        }

        data.SetTag("rpc.system.name", "grpc");
        if (data.GetTagItem("grpc.method") is string method)
        {
            var trimmed = method.Trim('/');
            data.DisplayName = trimmed;
            data.SetTag("rpc.method", trimmed);
            data.SetTag("grpc.method", null);
        }

        if (data.GetTagItem("grpc.status_code") is string code
            && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            var name = ExportRequestHandler.GrpcStatusName(status) ?? code;
            data.SetTag("rpc.response.status_code", name);
            data.SetTag("grpc.status_code", null);
            if (status != 0)
            {
                data.SetTag("error.type", name);
                if (data.Status == ActivityStatusCode.Unset)
                {
                    data.SetStatus(ActivityStatusCode.Error);
                }
            }
        }
    }
}
