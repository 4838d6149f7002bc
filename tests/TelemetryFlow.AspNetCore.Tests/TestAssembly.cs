// OpenTelemetry subscribes to activity sources by name, process-wide: every running app's SDK sees the
// "Microsoft.AspNetCore" and "System.Net.Http" activities of every other web host and HttpClient in the
// process. Tests that ran side by side would find each other's spans at their receivers, so they run one
// at a time (each still with its own receiver and app).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
