namespace WebDemo.Embedding.Local;

/// <summary>What a caller queues for the inference workers: its texts, and whether an over-long one may be truncated.</summary>
public sealed record InferenceJob(IReadOnlyList<string> Texts, bool Truncate);
