// One test at a time: the shutdown test wants the cores to itself more than it wants to share them (2-core machines
// are the norm here).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
