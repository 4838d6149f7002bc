using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Benchmarks.Support;

namespace TelemetryFlow.Benchmarks.Micro;

/// <summary>
/// One Information log record with two structured attributes (an int and a string), through ILogger backed by
/// OpenTelemetry vs <c>client.LogInfo</c>. Each side builds its arguments per call, as application code does.
/// </summary>
[MemoryDiagnoser]
public partial class LogBenchmarks
{
    private const string Template = "order {OrderId} placed in {Region}";

    private ParkedPipelines _pipelines = null!;
    private ILogger _logger = null!;
    private readonly int _orderId = 1234;
    private readonly string _region = "eu";

    [GlobalSetup]
    public void Setup()
    {
        _pipelines = ParkedPipelines.Start(SignalType.Logs);
        _logger = _pipelines.Raw.Logger;
    }

    [GlobalCleanup]
    public void Cleanup() => _pipelines.Dispose();

#pragma warning disable CA1848, CA2254 // The plain extension method is the baseline being measured.
    [Benchmark(Baseline = true, Description = "ILogger.LogInformation(template, 2 args)")]
    [BenchmarkCategory("log")]
    public void RawLogInformation() => _logger.LogInformation(Template, _orderId, _region);
#pragma warning restore CA1848, CA2254

    [Benchmark(Description = "[LoggerMessage] source-generated, 2 args")]
    [BenchmarkCategory("log")]
    public void RawLoggerMessage() => OrderPlaced(_logger, _orderId, _region);

    [Benchmark(Description = "client.LogInfo(message, 2 attributes)")]
    [BenchmarkCategory("log")]
    public void SdkLogInfo() => _pipelines.Client.LogInfo("order placed", [new("OrderId", _orderId), new("Region", _region)]);

    [LoggerMessage(Level = LogLevel.Information, Message = Template)]
    private static partial void OrderPlaced(ILogger logger, int orderId, string region);
}
