using TelemetryFlow.Infrastructure.Implementation.Resources;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Resources;

/// <summary>The container id read from fixture copies of <c>/proc/self/cgroup</c> and <c>/proc/self/mountinfo</c>.</summary>
public sealed class ContainerIdTests
{
    private const string DockerId = "3f4b8a1c9d2e7f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";
    private const string KubernetesId = "c0ffee00deadbeef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string DockerV2Id = "9a8b7c6d5e4f30211223344556677889900aabbccddeeff00112233445566778";

    [Theory]
    [InlineData("cgroup-v1-docker.txt", DockerId)]
    [InlineData("cgroup-v1-kubernetes.txt", KubernetesId)]
    [InlineData("cgroup-v2.txt", null)]
    public void FromCgroup_Fixture_FindsTheId(string fixture, string? expected) =>
        Assert.Equal(expected, ContainerId.FromCgroup(Fixture(fixture)));

    [Theory]
    [InlineData("mountinfo-v2-docker.txt", DockerV2Id)]
    [InlineData("mountinfo-host.txt", null)]
    [InlineData("mountinfo-v2-containerd.txt", null)] // /etc/hostname comes from the pod's sandbox, which is not this container
    public void FromMountInfo_Fixture_FindsTheId(string fixture, string? expected) =>
        Assert.Equal(expected, ContainerId.FromMountInfo(Fixture(fixture)));

    [Theory]
    [InlineData("1:name=systemd:/docker/abc")]
    [InlineData("1:cpu:/docker/" + DockerId + "0")] // 65 characters: not an id
    [InlineData("")]
    [InlineData(null)]
    public void FromCgroup_NoId_IsNull(string? text) => Assert.Null(ContainerId.FromCgroup(text));

    [Fact]
    public void FromCgroup_UpperCase_IsLowercased() =>
        Assert.Equal(DockerId, ContainerId.FromCgroup("1:cpu:/docker/" + DockerId.ToUpperInvariant()));

    internal static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Implementation", "Resources", "Fixtures", name));
}
