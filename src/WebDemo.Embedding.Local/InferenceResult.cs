namespace WebDemo.Embedding.Local;

/// <summary>What a worker hands back: one vector per input, when the model call began and how long it took.</summary>
public sealed record InferenceResult(IReadOnlyList<ReadOnlyMemory<float>> Vectors, long StartedAt, TimeSpan Elapsed, int BatchInputs);
