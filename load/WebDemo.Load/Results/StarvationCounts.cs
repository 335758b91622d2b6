namespace WebDemo.Load.Results;

public sealed class StarvationCounts
{
    public long Starvation { get; set; }

    public long CooperativeBlocking { get; set; }

    public long Other { get; set; }
}
