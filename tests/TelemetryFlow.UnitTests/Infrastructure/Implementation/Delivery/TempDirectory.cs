namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

/// <summary>A per-test storage path under the temp folder (not created: the store creates it); deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly string _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "telemetryflow-unit", Guid.NewGuid().ToString("N"));

    public TempDirectory() => Path = System.IO.Path.Combine(_root, "store");

    public string Path { get; }

    public string[] Files(string pattern = "*") => Directory.Exists(Path) ? Directory.GetFiles(Path, pattern) : [];

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
