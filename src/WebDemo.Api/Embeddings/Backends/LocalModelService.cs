using Microsoft.Extensions.Options;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings.Backends;

/// <summary>
/// Loads the model when the app starts (not on the first request), and on shutdown lets the inference workers finish
/// every request they accepted before the process exits. Does nothing unless <c>Backend:Kind</c> is Local.
/// </summary>
public sealed partial class LocalModelService(
    IServiceProvider services, IOptions<BackendOptions> options, ILogger<LocalModelService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Kind == BackendKind.Local)
        {
            var workers = services.GetRequiredService<InferenceWorkers>();
            LogLoaded(logger, MiniLmModel.Name, workers.Workers, options.Value.Local.IntraOpThreads, options.Value.Local.MaxInputTokens);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Kind != BackendKind.Local)
        {
            return;
        }
        var workers = services.GetRequiredService<InferenceWorkers>();
        var queued = workers.QueueDepth;
        workers.Complete();
        await workers.Stopped.WaitAsync(cancellationToken); // bounded by the host's shutdown timeout
        LogDrained(logger, queued);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Local model {Model} loaded: {Workers} inference workers, {IntraOpThreads} ONNX Runtime thread(s) each, window {MaxInputTokens} word-pieces")]
    private static partial void LogLoaded(ILogger logger, string model, int workers, int intraOpThreads, int maxInputTokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference workers stopped after finishing the {Queued} queued request(s)")]
    private static partial void LogDrained(ILogger logger, int queued);
}
