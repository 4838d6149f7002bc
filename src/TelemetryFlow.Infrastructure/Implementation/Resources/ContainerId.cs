using System.Buffers;

namespace TelemetryFlow.Infrastructure.Implementation.Resources;

/// <summary>
/// Finds the container id in the process's cgroup files: <c>/proc/self/cgroup</c> under cgroup v1, where each line
/// ends in a path such as <c>/docker/&lt;id&gt;</c> or <c>/kubepods/…/cri-containerd-&lt;id&gt;.scope</c>, and
/// <c>/proc/self/mountinfo</c> under cgroup v2, where the runtime's own mounts (<c>/etc/hostname</c>,
/// <c>/etc/hosts</c>) come from <c>…/containers/&lt;id&gt;/…</c>. An id is 64 hexadecimal characters.
/// </summary>
internal static class ContainerId
{
    private const int IdLength = 64;

    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The id in a <c>/proc/self/cgroup</c> text (cgroup v1), or <see langword="null"/>.</summary>
    public static string? FromCgroup(string? text)
    {
        foreach (var line in Lines(text))
        {
            // hierarchy-id:controllers:path; the id is the last segment of the path, maybe wrapped in a prefix and suffix.
            var path = line[(line.LastIndexOf(':') + 1)..];
            var segment = path[(path.LastIndexOf('/') + 1)..];
            if (FindId(segment) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The id in a <c>/proc/self/mountinfo</c> text (cgroup v2), or <see langword="null"/>.</summary>
    public static string? FromMountInfo(string? text)
    {
        foreach (var line in Lines(text))
        {
            // The runtimes bind-mount files from a directory named after the container; sandboxes (pause containers)
            // show as "sandboxes/<id>" and are not this container.
            if (!line.Contains("/etc/hostname", StringComparison.Ordinal) && !line.Contains("/etc/hosts", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var segments = part.Split('/');
                for (var i = 1; i < segments.Length; i++)
                {
                    if (segments[i - 1] == "containers" && FindId(segments[i]) is { } id)
                    {
                        return id;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The first run of exactly 64 hexadecimal characters in <paramref name="segment"/>, lowercased.</summary>
    private static string? FindId(string segment)
    {
        var span = segment.AsSpan();
        while (span.Length >= IdLength)
        {
            var start = span.IndexOfAny(Hex);
            if (start < 0)
            {
                return null;
            }

            span = span[start..];
            var length = span.IndexOfAnyExcept(Hex);
            length = length < 0 ? span.Length : length;
            if (length == IdLength)
            {
                return span[..IdLength].ToString().ToLowerInvariant();
            }

            span = span[length..];
        }

        return null;
    }

    private static string[] Lines(string? text) =>
        text is null ? [] : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
