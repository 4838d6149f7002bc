using Microsoft.Extensions.DependencyInjection;

namespace InteropApp;

/// <summary>The app's composition root: exactly the setup the README recommends.</summary>
public static class AppServices
{
    public static IServiceCollection Configure(IServiceCollection services)
    {
        services.AddSingleton<OrderLedger>();
        services.AddMediator(options =>
        {
            options.Assemblies = [typeof(Ping)];
            options.ServiceLifetime = ServiceLifetime.Singleton;
        });
        return services;
    }
}
