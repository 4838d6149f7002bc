using System.Runtime.InteropServices;
using TelemetryFlow.Infrastructure.Implementation.Resources;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Resources;

public sealed class ResourceDetectorTests
{
    [Fact]
    public void Attributes_AnyProcess_HostProcessRuntimeAndOs()
    {
        var attributes = Detect(new Dictionary<string, string>(), new Dictionary<string, string>());

        Assert.Equal(Environment.MachineName, attributes["host.name"]);
        Assert.Equal((long)Environment.ProcessId, attributes["process.pid"]);
        Assert.Equal(".NET", attributes["process.runtime.name"]);
        Assert.Equal(Environment.Version.ToString(), attributes["process.runtime.version"]);
        Assert.Equal(RuntimeInformation.FrameworkDescription, attributes["process.runtime.description"]);
        Assert.Equal(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux", attributes["os.type"]);
        Assert.DoesNotContain(attributes.Keys, key => key.StartsWith("k8s.", StringComparison.Ordinal) || key == "container.id");
    }

    [Fact]
    public void Attributes_InAContainer_CarryItsId()
    {
        var files = new Dictionary<string, string> { [ResourceDetector.CgroupFile] = ContainerIdTests.Fixture("cgroup-v1-docker.txt") };

        Assert.Equal("3f4b8a1c9d2e7f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718", Detect(new Dictionary<string, string>(), files)["container.id"]);
    }

    [Fact]
    public void Attributes_CgroupV2_ReadTheMountTable()
    {
        var files = new Dictionary<string, string>
        {
            [ResourceDetector.CgroupFile] = ContainerIdTests.Fixture("cgroup-v2.txt"),
            [ResourceDetector.MountInfoFile] = ContainerIdTests.Fixture("mountinfo-v2-docker.txt"),
        };

        Assert.Equal("9a8b7c6d5e4f30211223344556677889900aabbccddeeff00112233445566778", Detect(new Dictionary<string, string>(), files)["container.id"]);
    }

    [Fact]
    public void Attributes_InAPod_ReadTheDownwardApiVariables()
    {
        var variables = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
            ["K8S_POD_NAME"] = "checkout-7f9c6d-x2k4q",
            ["POD_NAME"] = "ignored: K8S_POD_NAME comes first",
            ["POD_UID"] = "4b0f2c5e-8d1e-4a7b-9c3d-2e1f0a9b8c7d",
            ["POD_NAMESPACE"] = "shop",
            ["NODE_NAME"] = "node-3",
        };

        var attributes = Detect(variables, new Dictionary<string, string>());

        Assert.Equal("checkout-7f9c6d-x2k4q", attributes["k8s.pod.name"]);
        Assert.Equal("4b0f2c5e-8d1e-4a7b-9c3d-2e1f0a9b8c7d", attributes["k8s.pod.uid"]);
        Assert.Equal("shop", attributes["k8s.namespace.name"]);
        Assert.Equal("node-3", attributes["k8s.node.name"]);
    }

    [Fact]
    public void Attributes_InAPodWithoutVariables_NamespaceFromTheServiceAccount()
    {
        var variables = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1" };
        var files = new Dictionary<string, string> { [ResourceDetector.ServiceAccountNamespaceFile] = "payments\n" };

        var attributes = Detect(variables, files);

        Assert.Equal("payments", attributes["k8s.namespace.name"]);
        Assert.False(attributes.ContainsKey("k8s.pod.name"), "no variable names the pod: nothing is guessed");
    }

    [Fact]
    public void Attributes_PodVariablesOutsideKubernetes_AreNotRead()
    {
        var variables = new Dictionary<string, string> { ["POD_NAME"] = "set-by-something-else" };

        Assert.False(Detect(variables, new Dictionary<string, string>()).ContainsKey("k8s.pod.name"));
    }

    [Fact]
    public void Process_IsDetectedOnce()
    {
        Assert.Same(ResourceDetector.Process.Attributes, ResourceDetector.Process.Attributes);
    }

    private static Dictionary<string, object> Detect(Dictionary<string, string> variables, Dictionary<string, string> files) =>
        new ResourceDetector(variables.GetValueOrDefault, files.GetValueOrDefault).Attributes.ToDictionary(a => a.Key, a => a.Value);
}
