using System.Text;

namespace TelemetryFlow.Cli.Generation;

/// <summary>
/// Files a command is about to write under one directory. Nothing is written unless every file can be: without
/// <c>--force</c>, one existing file stops the whole set, so a rerun never leaves half old, half new files.
/// </summary>
internal sealed class FileSet(string root)
{
    /// <summary>The mode of a file that holds a secret on Unix: read and write for its owner only (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly List<(string RelativePath, string Content, bool HoldsSecret)> _files = [];

    public string Root { get; } = root;

    public IReadOnlyList<string> RelativePaths => _files.Select(f => f.RelativePath).ToList();

    /// <summary>Adds a file; one that <paramref name="holdsSecret"/> (or will once filled in) is written with <see cref="OwnerOnly"/>.</summary>
    public FileSet Add(string relativePath, string content, bool holdsSecret = false)
    {
        _files.Add((relativePath, content, holdsSecret));
        return this;
    }

    public string FullPath(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>The files of the set that already exist, relative to <see cref="Root"/>.</summary>
    public IReadOnlyList<string> Existing() => _files.Select(f => f.RelativePath).Where(path => File.Exists(FullPath(path))).ToList();

    /// <summary>Writes every file, creating directories; returns which ones replaced an existing file.</summary>
    public IReadOnlySet<string> WriteAll()
    {
        var replaced = Existing().ToHashSet(StringComparer.Ordinal);
        foreach (var (relativePath, content, holdsSecret) in _files)
        {
            var path = FullPath(relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = content.ReplaceLineEndings("\n");
            if (holdsSecret)
            {
                WriteOwnerOnly(path, text);
            }
            else
            {
                File.WriteAllText(path, text, Utf8NoBom);
            }
        }

        return replaced;
    }

    /// <summary>
    /// Creates the file as 0600 from the start (on Unix; Windows keeps its default ACL), so the secret is never in a
    /// file others can read, not even between a write and a chmod. The content goes to a new file next to the target,
    /// which then replaces it by a rename: an existing file ends up 0600 too, whatever its mode was.
    /// </summary>
    private static void WriteOwnerOnly(string path, string content)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Path.GetRandomFileName()}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using (var writer = new StreamWriter(temporary, Utf8NoBom, options))
            {
                writer.Write(content);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
