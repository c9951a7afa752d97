using ProgressKit.Samples.SignalR;

// dotnet run --project samples/SignalRSample            -> http://127.0.0.1:5080
// dotnet run --project samples/SignalRSample -- --urls http://0.0.0.0:8080
SignalRSampleApp.Create(args).Run();
