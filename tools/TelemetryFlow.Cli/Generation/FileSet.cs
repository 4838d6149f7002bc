using System.Text;

namespace TelemetryFlow.Cli.Generation;

/// <summary>
/// Files a command is about to write under one directory. Nothing is written unless every file can be: without
/// <c>--force</c>, one existing file stops the whole set, so a rerun never leaves half old, half new files.
/// </summary>
internal sealed class FileSet(string root)
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly List<KeyValuePair<string, string>> _files = [];

    public string Root { get; } = root;

    public IReadOnlyList<string> RelativePaths => _files.Select(f => f.Key).ToList();

    public FileSet Add(string relativePath, string content)
    {
        _files.Add(new(relativePath, content));
        return this;
    }

    public string FullPath(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>The files of the set that already exist, relative to <see cref="Root"/>.</summary>
    public IReadOnlyList<string> Existing() => _files.Select(f => f.Key).Where(path => File.Exists(FullPath(path))).ToList();

    /// <summary>Writes every file, creating directories; returns which ones replaced an existing file.</summary>
    public IReadOnlySet<string> WriteAll()
    {
        var replaced = Existing().ToHashSet(StringComparer.Ordinal);
        foreach (var (relativePath, content) in _files)
        {
            var path = FullPath(relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content.ReplaceLineEndings("\n"), Utf8NoBom);
        }

        return replaced;
    }
}
