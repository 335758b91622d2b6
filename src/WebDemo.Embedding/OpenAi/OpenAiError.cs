namespace WebDemo.Embedding.OpenAi;

public sealed record OpenAiError(string Message, string Type, string? Param, string? Code);
