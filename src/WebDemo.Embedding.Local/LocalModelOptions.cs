using System.ComponentModel.DataAnnotations;

namespace WebDemo.Embedding.Local;

/// <summary>How the local model runs (section <c>Backend:Local</c> in the API, <c>Upstream:Local</c> in the upstream server).</summary>
public sealed class LocalModelOptions
{
    /// <summary>Inference threads running batches in parallel; 0 means one per core (<see cref="Environment.ProcessorCount"/>).</summary>
    [Range(0, 256)]
    public int Workers { get; set; }

    /// <summary>ONNX Runtime threads inside one inference call. One, so that parallelism is the workers' and nothing oversubscribes the cores.</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Most inputs one worker runs through the model in one call (dynamic batching takes what is queued, up to this).</summary>
    [Range(1, 1024)]
    public int MaxBatchInputs { get; set; } = 32;

    /// <summary>Requests that may wait for a worker; one more is refused at once (429) instead of queueing without bound.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Longest input in word-pieces, [CLS] and [SEP] included. Longer ones are refused unless the request asks to truncate.</summary>
    [Range(3, MiniLmModel.MaxPositions)]
    public int MaxInputTokens { get; set; } = MiniLmModel.TrainedWindow;

    /// <summary><see cref="Workers"/> with 0 resolved to the core count.</summary>
    public int EffectiveWorkers => Workers == 0 ? Environment.ProcessorCount : Workers;
}
