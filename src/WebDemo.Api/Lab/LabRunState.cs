using System.Text.Json.Serialization;

namespace WebDemo.Api.Lab;

/// <summary>Where a lab run is: going, finished with a result, stopped (by DELETE or shutdown), or failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabRunState>))]
public enum LabRunState
{
    Running,
    Completed,
    Stopped,
    Failed,
}
