namespace WebDemo.Embedding.Local;

/// <summary>The workers have stopped taking work (the process is shutting down): retry against another instance (503).</summary>
public sealed class InferenceStoppedException()
    : Exception("The model is shutting down and takes no new work; retry in a moment.");
