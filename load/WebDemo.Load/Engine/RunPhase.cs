namespace WebDemo.Load.Engine;

public enum RunPhase
{
    Starting,
    WarmUp,
    Running,
    Draining,
    Done,
}
