using WebDemo.Load.Cli;
using WebDemo.Load.Engine.Transport;

ClientSocketEngine.Configure();

// WebDemo.Load: load scenarios in NBomber's vocabulary (see the README, "Load testing").
return await LoadCli.InvokeAsync(args);
