// One test at a time: the stacks share two cores with their image builds, and load on one would skew another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
