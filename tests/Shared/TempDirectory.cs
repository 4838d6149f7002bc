namespace TelemetryFlow.Tests.Shared;

/// <summary>
/// A fresh directory under the system temp folder for one test, deleted with everything in it on dispose. The one
/// temp-directory helper of every test project (compiled into each from tests/Shared).
/// </summary>
/// <remarks>
/// A test that needs a directory the code under test must create itself (a storage path) uses <see cref="Combine"/>:
/// the path below <see cref="Path"/> does not exist until something creates it.
/// </remarks>
internal sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the directory, named <paramref name="prefix"/> and a random suffix.</summary>
    public TempDirectory(string prefix = "telemetryflow-tests")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory's full path; it exists until disposal.</summary>
    public string Path { get; }

    /// <summary>A path below <see cref="Path"/>, created or not.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file below <see cref="Path"/>, creating its directories; returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The text of a file below <see cref="Path"/>.</summary>
    public string Read(string relativePath) => File.ReadAllText(Combine(relativePath));

    /// <summary>Whether a file below <see cref="Path"/> exists.</summary>
    public bool Exists(string relativePath) => File.Exists(Combine(relativePath));

    /// <summary>The files matching <paramref name="pattern"/> in a directory below <see cref="Path"/>; none when it does not exist.</summary>
    public string[] Files(string relativeDirectory, string pattern = "*")
    {
        var directory = Combine(relativeDirectory);
        return Directory.Exists(directory) ? Directory.GetFiles(directory, pattern) : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a build server or a replayer may still hold a file for a moment; the temp folder is cleaned eventually.
        }
    }
}
