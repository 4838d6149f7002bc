namespace TelemetryFlow.Cli.Tests.Support;

/// <summary>The SDK checkout these tests run from: the nearest directory up holding TelemetryFlow.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TelemetryFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TelemetryFlow.sln above {AppContext.BaseDirectory}.");
    }
}
