// One AppHost at a time: each brings up an orchestrator, a dashboard and two apps on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
