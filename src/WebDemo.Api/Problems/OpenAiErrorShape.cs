namespace WebDemo.Api.Problems;

/// <summary>Marks endpoints whose errors are written in OpenAI's shape.</summary>
public sealed class OpenAiErrorShape
{
    public static readonly OpenAiErrorShape Instance = new();

    private OpenAiErrorShape()
    {
    }
}
