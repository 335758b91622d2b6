// These tests time real processes on a small machine: one at a time, so that no test's load skews another's numbers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
