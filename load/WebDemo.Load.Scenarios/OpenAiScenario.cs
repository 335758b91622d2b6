using System.ClientModel;
using OpenAI;
using OpenAI.Embeddings;
using WebDemo.Load.CodeScenarios;

namespace WebDemo.Load.Scenarios;

/// <summary>
/// A multi-step scenario through the official OpenAI .NET SDK, pointed at the API's OpenAI-compatible /v1: embed a
/// question, embed three candidate answers, and check that the nearest one (by cosine) is the paraphrase. A wrong
/// answer counts as failed ("wrong-nearest"), as a broken search would.
/// </summary>
internal static class OpenAiScenario
{
    private const string Model = "webdemo-hash-384";

    // A question, three candidates, and which candidate is its paraphrase.
    private static readonly (string Question, string[] Candidates, int Paraphrase)[] Cases =
    [
        ("How can I reset my password?", ["How do I reset my password", "The weather is sunny today", "Embeddings map text to vectors"], 0),
        ("What is the weather like today?", ["The cat sat on the mat", "What is today's weather like", "Reset your password in settings"], 1),
        ("How do embeddings represent text?", ["Buy milk and eggs", "My password expired", "How is text represented by embeddings"], 2),
    ];

    public static LoadScenario SearchByMeaning()
    {
        EmbeddingClient? client = null;
        return LoadScenario.Create("openai-search", async context =>
            {
                var (question, candidates, paraphrase) = Cases[context.InvocationNumber % Cases.Length];
                // Step 1: the question. Step 2: the candidates, in one request (the SDK sends an array input).
                var query = await client!.GenerateEmbeddingAsync(question, cancellationToken: context.CancellationToken);
                var documents = await client.GenerateEmbeddingsAsync(candidates, cancellationToken: context.CancellationToken);
                var nearest = Nearest(query.Value.ToFloats().Span, documents.Value);
                return nearest == paraphrase ? Outcome.Ok() : Outcome.Fail("wrong-nearest");
            })
            .WithInit(context =>
            {
                client = new EmbeddingClient(Model, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(context.Target, "/v1") });
                return Task.CompletedTask;
            })
            .WithClientName("OpenAI .NET SDK 2.15.0")
            .WithWarmUp(TimeSpan.FromSeconds(3))
            .WithLoad(Traffic.RampingInject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), Traffic.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)))
            .WithThresholds("fail-rate < 1%", "p99 < 1s");
    }

    private static int Nearest(ReadOnlySpan<float> query, OpenAIEmbeddingCollection documents)
    {
        var (best, bestScore) = (-1, double.NegativeInfinity);
        for (var index = 0; index < documents.Count; index++)
        {
            var score = Cosine(query, documents[index].ToFloats().Span);
            if (score > bestScore)
            {
                (best, bestScore) = (index, score);
            }
        }
        return best;
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var index = 0; index < a.Length; index++)
        {
            dot += a[index] * b[index];
            normA += a[index] * a[index];
            normB += b[index] * b[index];
        }
        return dot / Math.Sqrt(normA * normB);
    }
}
