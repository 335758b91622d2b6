using WebDemo.Load.Cli;

// WebDemo.Load: load scenarios in NBomber's vocabulary (see the README, "Load testing").
return await LoadCli.InvokeAsync(args);
