using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Embeddings;

/// <summary>Builds the OpenAI-shaped 200 answer from a backend result.</summary>
public static class EmbeddingResponses
{
    public static EmbeddingOk Ok(EmbeddingJob job, EmbeddingResult result)
    {
        var data = new EmbeddingData[result.Vectors.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = new EmbeddingData(i, new EmbeddingVector(result.Vectors[i], job.AsBase64));
        }

        var tokens = result.PromptTokens ?? job.PromptTokens;
        var body = new EmbeddingResponse(data, result.Model ?? job.Model, new EmbeddingUsage(tokens, tokens));
        return new EmbeddingOk(body, result.StartedAt, result.Elapsed, result.Buffer);
    }
}
