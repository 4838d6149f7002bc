using System.Collections.Concurrent;
using System.Reflection;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>The simple names of the assemblies the process has loaded, kept current by <see cref="AppDomain.AssemblyLoad"/>.</summary>
internal sealed class LoadedAssemblies : IDisposable
{
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    public LoadedAssemblies()
    {
        AppDomain.CurrentDomain.AssemblyLoad += OnLoad;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Add(assembly);
        }
    }

    public bool IsLoaded(string simpleName) => _names.ContainsKey(simpleName);

    public void Dispose() => AppDomain.CurrentDomain.AssemblyLoad -= OnLoad;

    private void OnLoad(object? sender, AssemblyLoadEventArgs args) => Add(args.LoadedAssembly);

    private void Add(Assembly assembly)
    {
        if (assembly.GetName().Name is { } name)
        {
            _names.TryAdd(name, true);
        }
    }
}
