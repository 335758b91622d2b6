using WebDemo.Containers.Tests.Infrastructure;

namespace WebDemo.Containers.Tests;

/// <summary><c>BACKEND_KIND=Local</c>: the API container computes real embeddings with the model its image carries.</summary>
public sealed class LocalBackendTests(ITestOutputHelper output)
{
    private static readonly string[] Texts = ["How can I reset my password?", "I forgot my password, how do I change it?", "The train leaves at noon."];

    [Fact]
    public async Task TheApiContainerServesRealEmbeddingsFromTheModelInItsImage()
    {
        await using var project = new ComposeProject("local", new Dictionary<string, string> { ["BACKEND_KIND"] = "Local" });
        var healthy = await project.UpAsync(["api"], withoutDependencies: true); // the local model needs no upstream
        using var api = new HttpClient { BaseAddress = project.ApiAddress, Timeout = TimeSpan.FromSeconds(60) };

        var answer = await api.PostJsonAsync("/embeddings/batched", new { input = Texts });

        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", answer.GetProperty("model").GetString());
        var vectors = answer.GetProperty("data").EnumerateArray()
            .Select(item => item.GetProperty("embedding").EnumerateArray().Select(value => value.GetDouble()).ToArray()).ToList();
        var paraphrase = Cosine(vectors[0], vectors[1]);
        var unrelated = Cosine(vectors[0], vectors[2]);
        output.WriteLine($"api (Local) healthy {healthy["api"].TotalSeconds:0.0} s after start; {answer.GetProperty("model")}: " +
            $"cosine {paraphrase:0.000} for a paraphrase, {unrelated:0.000} for an unrelated sentence");
        Assert.True(paraphrase > 0.6 && unrelated < 0.3, "The vectors do not carry meaning: not the real model.");

        // Published for linux-x64 only: ONNX Runtime's native library for this platform, no other platforms' folders.
        Assert.Equal("ok", await project.ExecAsync("api", "sh", "-c", "test -f libonnxruntime.so && test ! -e runtimes && echo ok"));
    }

    private static double Cosine(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum(); // unit-length vectors
}
