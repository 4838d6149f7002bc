using System.Reflection;
using InteropApp;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.MediatorInterop.Tests.Support;

namespace TelemetryFlow.MediatorInterop.Tests;

/// <summary>The app's generated mediator knows nothing of the SDK's messages or handlers.</summary>
public sealed class AppMediatorScopeTests
{
    public static TheoryData<Type> SdkMessageTypes => new(SdkMessages());

    [Theory]
    [MemberData(nameof(SdkMessageTypes))]
    public async Task SendingAnSdkMessage_ThroughTheAppsMediator_ThrowsMissingHandler(Type messageType)
    {
        using var provider = AppServices.Configure(new ServiceCollection()).BuildServiceProvider();
        var mediator = provider.GetRequiredService<IMediator>();
        var message = Activator.CreateInstance(messageType)!;

        var exception = await Assert.ThrowsAsync<MissingMessageHandlerException>(async () => await mediator.Send(message));

        Assert.Same(message.GetType(), exception.MediatorMessage?.GetType());
    }

    [Fact]
    public async Task SendingANonMessage_ThroughTheAppsMediator_ThrowsInvalidMessage()
    {
        using var provider = AppServices.Configure(new ServiceCollection()).BuildServiceProvider();
        var mediator = provider.GetRequiredService<IMediator>();

        await Assert.ThrowsAsync<InvalidMessageException>(async () => await mediator.Send((object)"not a message"));
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await mediator.Send((object)new Pong(Guid.Empty, "", null)));

        // Control: the app's own message goes through the same object-typed entry point.
        var pong = Assert.IsType<Pong>(await mediator.Send((object)new Ping(Guid.NewGuid(), "x")));
        Assert.Equal("X", pong.Text);
    }

    [Fact]
    public void SdkMessages_AreFound_SoTheTheoryAboveIsNotVacuous()
    {
        var messages = SdkMessages().ToList();
        Assert.Contains(messages, t => t.Name == "InitializeSdkCommand");
        Assert.Contains(messages, t => t.Name == "GetSdkStatusQuery");
        Assert.All(messages, t => Assert.False(t.IsVisible));
    }

    [Fact]
    public void AppsGeneratedCode_ReferencesNoSdkType_InSignaturesOrIl()
    {
        var generated = TypeReferences.WithNested(typeof(Ping).Assembly.GetTypes()
            .Where(t => !t.IsNested)
            .Where(t => t.GetCustomAttributes<System.CodeDom.Compiler.GeneratedCodeAttribute>().Any(g => g.Tool == "Mediator.SourceGenerator")));
        Assert.Contains(typeof(global::Mediator.Mediator), generated);
        Assert.Contains(generated, t => t.Name == "MediatorDependencyInjectionExtensions");
        Assert.Contains(generated, t => t.FullName == "Mediator.Internals.ContainerMetadata");

        var referenced = TypeReferences.Of(generated);

        // Control: the scan sees the app's own messages and handlers where the generator wired them in.
        Assert.Contains(typeof(Ping), referenced);
        Assert.Contains(typeof(Pong), referenced);
        Assert.Contains(typeof(PingHandler), referenced);
        Assert.Contains(typeof(OrderPlaced), referenced);
        Assert.Contains(typeof(OrderPlacedEmailHandler), referenced);

        Assert.Empty(referenced.Where(SdkAssemblies.Contains).Select(t => t.FullName));
        Assert.DoesNotContain(referenced, t => t.FullName?.StartsWith("TelemetryFlow.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void AppsMediatorType_HasNoMemberMentioningSdkTypes()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var members = typeof(global::Mediator.Mediator).GetMembers(all);

        // Type.ToString() spells namespaces and generic arguments without assembly names (the app's own assembly
        // is called TelemetryFlow.MediatorInterop.Tests, its types live in namespace InteropApp).
        var text = members.Select(m => m switch
        {
            MethodBase method => $"{m.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType))}) : {(method as MethodInfo)?.ReturnType}",
            FieldInfo field => $"{m.Name} : {field.FieldType}",
            PropertyInfo property => $"{m.Name} : {property.PropertyType}",
            _ => $"{m.MemberType} {m}",
        }).ToList();

        Assert.Contains(text, t => t.Contains("InteropApp.Ping", StringComparison.Ordinal));
        Assert.DoesNotContain(text, t => t.Contains("TelemetryFlow", StringComparison.Ordinal));
    }

    private static IEnumerable<Type> SdkMessages() => SdkAssemblies.All
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && typeof(IMessage).IsAssignableFrom(t))
        .Where(t => typeof(IBaseRequest).IsAssignableFrom(t) || typeof(IBaseCommand).IsAssignableFrom(t) || typeof(IBaseQuery).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
