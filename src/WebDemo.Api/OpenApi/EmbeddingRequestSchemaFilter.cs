using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.OpenApi;

/// <summary>Teaches the request body in Swagger UI: field descriptions, "string or array" input, and a ready example.</summary>
public sealed class EmbeddingRequestSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(EmbeddingRequest) || schema is not OpenApiSchema concrete || concrete.Properties is null)
        {
            return;
        }
        foreach (var property in typeof(EmbeddingRequest).GetProperties())
        {
            var name = property.GetCustomAttributes(typeof(JsonPropertyNameAttribute), false) is [JsonPropertyNameAttribute named]
                ? named.Name
                : JsonNamingPolicyName(property.Name);
            if (concrete.Properties.TryGetValue(name, out var propertySchema) && propertySchema is OpenApiSchema target)
            {
                target.Description = OpenApiExtensions.DescriptionOf(property);
            }
        }
        concrete.Properties["input"] = new OpenApiSchema
        {
            Description = OpenApiExtensions.DescriptionOf(typeof(EmbeddingRequest).GetProperty(nameof(EmbeddingRequest.Input))!),
            OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
                new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1, MaxItems = 2048, Items = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 } },
            ],
        };
        if (concrete.Properties.TryGetValue("encoding_format", out var format) && format is OpenApiSchema formatSchema)
        {
            formatSchema.Enum = [JsonValue.Create("float"), JsonValue.Create("base64")];
        }
        concrete.Required = new HashSet<string> { "input" };
        // "example", the OpenAPI 3.0 field Swagger UI pre-fills the body from, set itself: whether the 3.1 "examples" list
        // is written back as "example" in a 3.0 document depends on the Microsoft.OpenApi version (2.7.5 drops it).
        concrete.Example = new JsonObject
        {
            ["input"] = new JsonArray("How can I reset my password?", "How do I reset my password"),
            ["encoding_format"] = "float",
        };
    }

    private static string JsonNamingPolicyName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
