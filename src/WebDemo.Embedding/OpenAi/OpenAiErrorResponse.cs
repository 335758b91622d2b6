namespace WebDemo.Embedding.OpenAi;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>, which OpenAI clients display.</summary>
public sealed record OpenAiErrorResponse(OpenAiError Error);
