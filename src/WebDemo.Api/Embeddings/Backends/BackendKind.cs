namespace WebDemo.Api.Embeddings.Backends;

public enum BackendKind
{
    /// <summary>In-process: waits like a remote model call, then computes locally.</summary>
    Simulated,

    /// <summary>A real OpenAI-compatible server over HTTP.</summary>
    Http,

    /// <summary>A real model (all-MiniLM-L6-v2) computed on this machine's CPU: nothing to wait for, only work to do.</summary>
    Local,
}
