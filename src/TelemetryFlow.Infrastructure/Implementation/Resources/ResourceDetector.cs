using System.Runtime.InteropServices;

namespace TelemetryFlow.Infrastructure.Implementation.Resources;

/// <summary>
/// The resource attributes of the running process: <c>host.name</c>, <c>process.pid</c>, <c>process.runtime.*</c>,
/// <c>os.type</c>, <c>container.id</c> inside a container, and <c>k8s.*</c> inside a Kubernetes pod. Detected once
/// and kept: none of them changes while the process runs.
/// </summary>
/// <remarks>
/// OpenTelemetry's own detectors for these live in the <c>OpenTelemetry.Resources.*</c> contrib packages (Host,
/// Process, ProcessRuntime, OperatingSystem, Container), five packages, most of them beta, that are not served to this
/// build. These few reads need no reflection, so they stay trimming- and AOT-safe. Variables and files are read
/// through delegates, so tests give fixtures instead of the machine's own.
/// </remarks>
internal sealed class ResourceDetector
{
    /// <summary>Set by Kubernetes in every container of a pod: the sign that the process runs in one.</summary>
    public const string KubernetesServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>The namespace file of the mounted service account, read when no variable names the namespace.</summary>
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The cgroup v1 file that names the container.</summary>
    public const string CgroupFile = "/proc/self/cgroup";

    /// <summary>The mount table, which names the container under cgroup v2.</summary>
    public const string MountInfoFile = "/proc/self/mountinfo";

    /// <summary>
    /// The downward-API variables read for each <c>k8s.*</c> attribute, first set wins: the semantic-convention style
    /// names (<c>K8S_POD_NAME</c>) first, then the names Helm charts commonly use (<c>POD_NAME</c>).
    /// </summary>
    public static readonly IReadOnlyList<(string Attribute, string[] Variables)> KubernetesVariables =
    [
        ("k8s.pod.name", ["K8S_POD_NAME", "POD_NAME"]),
        ("k8s.pod.uid", ["K8S_POD_UID", "POD_UID"]),
        ("k8s.namespace.name", ["K8S_NAMESPACE_NAME", "K8S_NAMESPACE", "POD_NAMESPACE"]),
        ("k8s.node.name", ["K8S_NODE_NAME", "NODE_NAME"]),
    ];

    private readonly Func<string, string?> _readVariable;
    private readonly Func<string, string?> _readFile;
    private readonly Lazy<IReadOnlyList<KeyValuePair<string, object>>> _attributes;

    /// <param name="readVariable">Returns an environment variable, or <see langword="null"/> when unset.</param>
    /// <param name="readFile">Returns a file's text, or <see langword="null"/> when it cannot be read.</param>
    public ResourceDetector(Func<string, string?> readVariable, Func<string, string?> readFile)
    {
        _readVariable = readVariable;
        _readFile = readFile;
        _attributes = new(Detect);
    }

    /// <summary>The detector of this process, shared by every client in it.</summary>
    public static ResourceDetector Process { get; } = new(Environment.GetEnvironmentVariable, ReadFile);

    /// <summary>The detected attributes.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Attributes => _attributes.Value;

    private List<KeyValuePair<string, object>> Detect()
    {
        var attributes = new List<KeyValuePair<string, object>>
        {
            new("process.pid", (long)Environment.ProcessId),
            new("process.runtime.name", ".NET"),
            new("process.runtime.version", Environment.Version.ToString()),
            new("process.runtime.description", RuntimeInformation.FrameworkDescription),
        };

        // The machine name can be unavailable (InvalidOperationException): then there is no host.name, never a failed start.
        try
        {
            attributes.Insert(0, new("host.name", Environment.MachineName));
        }
        catch (InvalidOperationException)
        {
        }

        if (OsType() is { } osType)
        {
            attributes.Add(new("os.type", osType));
        }

        if ((ContainerId.FromCgroup(_readFile(CgroupFile)) ?? ContainerId.FromMountInfo(_readFile(MountInfoFile))) is { } containerId)
        {
            attributes.Add(new("container.id", containerId));
        }

        if (!string.IsNullOrWhiteSpace(_readVariable(KubernetesServiceHostVariable)))
        {
            AddKubernetes(attributes);
        }

        return attributes;
    }

    private void AddKubernetes(List<KeyValuePair<string, object>> attributes)
    {
        foreach (var (attribute, variables) in KubernetesVariables)
        {
            var value = variables.Select(_readVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
            if (value is null && attribute == "k8s.namespace.name")
            {
                value = _readFile(ServiceAccountNamespaceFile)?.Trim();
            }

            if (!string.IsNullOrEmpty(value))
            {
                attributes.Add(new(attribute, value));
            }
        }
    }

    /// <summary>The semantic conventions' <c>os.type</c> value, or <see langword="null"/> for a system they do not name.</summary>
    private static string? OsType() =>
        OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsLinux() || OperatingSystem.IsAndroid() ? "linux"
        : OperatingSystem.IsMacOS() || OperatingSystem.IsMacCatalyst() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() ? "darwin"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : null;

    private static string? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
