namespace WebDemo.Benchmarks;

public enum TextSize
{
    /// <summary>One sentence, ~30 bytes: the typical search query.</summary>
    Sentence,

    /// <summary>A paragraph, ~600 bytes: a typical document chunk.</summary>
    Paragraph,

    /// <summary>A long document, ~64 KB, with some non-ASCII words.</summary>
    Document,
}
