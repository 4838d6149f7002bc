using System.Reflection;
using InteropApp;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.MediatorInterop.Tests.Support;

namespace TelemetryFlow.MediatorInterop.Tests;

/// <summary>
/// The app's container holds the app's mediator and handlers only: the SDK registers nothing in it, and its own
/// generated mediator is internal to the SDK, so <c>IMediator</c> can only mean the app's.
/// </summary>
public sealed class HostContainerIsolationTests
{
    [Fact]
    public async Task IMediator_ResolvesToTheAppsGeneratedMediator_NotTheSdks()
    {
        await using var client = StartClient();
        using var provider = AppServices.Configure(new ServiceCollection()).BuildServiceProvider();

        var mediator = provider.GetRequiredService<IMediator>();

        var type = mediator.GetType();
        Assert.Equal("Mediator.Mediator", type.FullName);
        Assert.Same(typeof(Ping).Assembly, type.Assembly);
        Assert.Same(typeof(global::Mediator.Mediator), type);
        Assert.Same(mediator, provider.GetRequiredService<ISender>());
        Assert.Same(mediator, provider.GetRequiredService<IPublisher>());
        Assert.Single(provider.GetServices<IMediator>());

        // The app's generator discovered exactly the app's two messages (Ping, OrderPlaced), none of the SDK's.
        Assert.Equal(2, global::Mediator.Mediator.TotalMessages);
    }

    [Fact]
    public async Task AppContainer_ContainsNoSdkService_EvenWithAnInitializedClient()
    {
        await using var client = StartClient();
        var services = AppServices.Configure(new ServiceCollection());

        var offending = services
            .SelectMany(d => new[] { d.ServiceType, d.ImplementationType, d.ImplementationInstance?.GetType(), d.ServiceKey?.GetType() })
            .OfType<Type>()
            .SelectMany(t => t.IsGenericType ? [t, .. t.GetGenericArguments()] : new[] { t })
            .Where(SdkAssemblies.Contains)
            .Select(t => t.FullName)
            .Distinct()
            .ToList();
        Assert.Empty(offending);

        // Resolve every closed registration and check the runtime types too (factories hide theirs in descriptors).
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var resolved = services
            .Where(d => !d.ServiceType.IsGenericTypeDefinition)
            .Select(d => d.ServiceType)
            .Distinct()
            .SelectMany(provider.GetServices)
            .OfType<object>()
            .ToList();
        Assert.NotEmpty(resolved);
        Assert.DoesNotContain(resolved, instance => SdkAssemblies.Contains(instance.GetType()));
        Assert.Null(provider.GetService<ITelemetryFlowClient>());
        Assert.Null(provider.GetService<TelemetryFlowClient>());
    }

    [Fact]
    public void SdkAssemblies_ExposeNoPublicGeneratedMediatorCode_AndNoPublicMessages()
    {
        // This is what lets the app's own generator output compile next to the SDK's: the SDK's generated
        // Mediator, AddMediator extension and MediatorOptions are all internal, so the app sees only its own.
        var sdkMediator = SdkAssemblies.Infrastructure.GetType("TelemetryFlow.Infrastructure.Dispatch.Mediator", throwOnError: true)!;
        Assert.False(sdkMediator.IsPublic);
        Assert.True(typeof(IMediator).IsAssignableFrom(sdkMediator));

        var publicGenerated = SdkAssemblies.All
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.GetCustomAttributes<System.CodeDom.Compiler.GeneratedCodeAttribute>().Any(g => g.Tool == "Mediator.SourceGenerator"))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(publicGenerated);

        var publicMessages = SdkAssemblies.All
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(IMessage).IsAssignableFrom(t) || t.GetInterfaces().Any(i => i.Namespace == "Mediator" && i.Name.Contains("Handler", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(publicMessages);
    }

    private static TelemetryFlowClient StartClient()
    {
        var client = new TelemetryFlowBuilder()
            .WithApiKey("tfk_x", "tfs_y")
            .WithService("svc")
            .WithEndpoint("http://127.0.0.1:4317")
            .BuildClient();
        client.Initialize();
        return client;
    }
}
