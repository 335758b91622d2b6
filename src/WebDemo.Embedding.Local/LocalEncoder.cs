using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace WebDemo.Embedding.Local;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime: BERT WordPiece tokens in, mean-pooled, L2-normalised 384-dimension vectors out.
/// One instance per process (the weights are loaded once, ~1 s); its Encode methods are safe to call from several
/// threads at once, each call running on its caller's thread.
/// </summary>
/// <remarks>
/// Driven directly rather than through the package's <c>SentenceEncoder</c>: that gives the token counts before
/// inference (the window check, <c>usage</c>), padding only to the longest input of each batch, and one session shared by
/// every worker, none of which <c>SentenceEncoder.Encode(string[])</c> exposes.
/// </remarks>
public sealed class LocalEncoder : IDisposable
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string[] _outputNames;

    public LocalEncoder(int intraOpThreads = 1, int maxInputTokens = MiniLmModel.TrainedWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputTokens, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxInputTokens, MiniLmModel.MaxPositions);
        MaxInputTokens = maxInputTokens;
        using (var vocabulary = MiniLmModel.OpenVocabulary())
        {
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
        }
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(MiniLmModel.ReadModel(), options);
        _outputNames = [_session.OutputNames[0]]; // the token embeddings (last hidden state), [batch, tokens, 384]
    }

    /// <summary>Longest input in word-pieces, [CLS] and [SEP] included.</summary>
    public int MaxInputTokens { get; }

    /// <summary>Word-pieces the model reads for <paramref name="text"/>, [CLS] and [SEP] included, before any truncation.</summary>
    public int CountTokens(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: true).Count;

    /// <summary>The token ids of <paramref name="text"/>; over the window it is cut (keeping [SEP]) when <paramref name="truncate"/>, refused otherwise.</summary>
    /// <exception cref="InputTooLongException">The input is over the window and <paramref name="truncate"/> is false.</exception>
    public IReadOnlyList<int> Tokenize(string text, bool truncate)
    {
        var ids = _tokenizer.EncodeToIds(text, addSpecialTokens: true);
        if (ids.Count <= MaxInputTokens)
        {
            return ids;
        }
        if (!truncate)
        {
            throw new InputTooLongException(ids.Count, MaxInputTokens);
        }
        return [.. ids.Take(MaxInputTokens - 1), _tokenizer.SeparatorTokenId];
    }

    /// <summary>Embeds <paramref name="texts"/> in one model call; vectors are written one after another into the result.</summary>
    public float[] Encode(IReadOnlyList<string> texts, bool truncate = false)
    {
        var tokens = new IReadOnlyList<int>[texts.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Tokenize(texts[i], truncate);
        }
        return Encode(tokens);
    }

    /// <summary>Embeds already tokenized inputs in one model call, padded to the longest of them.</summary>
    public float[] Encode(IReadOnlyList<IReadOnlyList<int>> tokens)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tokens.Count);
        var batch = tokens.Count;
        var length = tokens.Max(ids => ids.Count);
        var inputIds = new long[batch * length];
        var attentionMask = new long[batch * length];
        for (var row = 0; row < batch; row++)
        {
            var ids = tokens[row];
            for (var column = 0; column < ids.Count; column++)
            {
                inputIds[(row * length) + column] = ids[column];
                attentionMask[(row * length) + column] = 1;
            }
        }
        long[] shape = [batch, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[batch * length], shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], _outputNames);
        return MeanPoolAndNormalize(outputs[0].GetTensorDataAsSpan<float>(), tokens, length);
    }

    // Sentence-transformers' pooling for this model: the average of the real tokens' embeddings (padding masked out), then unit length.
    private static float[] MeanPoolAndNormalize(ReadOnlySpan<float> hidden, IReadOnlyList<IReadOnlyList<int>> tokens, int length)
    {
        const int dimensions = MiniLmModel.Dimensions;
        var vectors = new float[tokens.Count * dimensions];
        for (var row = 0; row < tokens.Count; row++)
        {
            var vector = vectors.AsSpan(row * dimensions, dimensions);
            var count = tokens[row].Count;
            for (var token = 0; token < count; token++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(((row * length) + token) * dimensions, dimensions), vector);
            }
            TensorPrimitives.Divide(vector, count, vector);
            TensorPrimitives.Divide(vector, Math.Max(TensorPrimitives.Norm(vector), 1e-12f), vector);
        }
        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
