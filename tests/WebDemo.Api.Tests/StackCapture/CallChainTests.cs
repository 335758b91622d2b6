using WebDemo.Api.Diagnostics.StackCapture;

namespace WebDemo.Api.Tests.StackCapture;

/// <summary>How sampled stacks become call chains: readable names, framework frames folded, idle and capture threads left out.</summary>
public sealed class CallChainTests
{
    private const string App = "WebDemo.Api";
    private const string CoreLib = "System.Private.CoreLib";

    [Theory]
    [InlineData("System.Threading.Thread.Sleep(int32)", "Thread.Sleep")]
    [InlineData("WebDemo.Api.Embeddings.Strategies.BlockingStrategy.Handle(class WebDemo.Api.Embeddings.EmbeddingJob,class IEmbeddingBackend)", "BlockingStrategy.Handle")]
    [InlineData("WebDemo.Api.Embeddings.Strategies.OffloadedStrategy+<>c__DisplayClass1_0.<Handle>b__0()", "OffloadedStrategy.Handle lambda")]
    [InlineData("WebDemo.Api.Embeddings.EmbeddingPipelineFilter+<InvokeAsync>d__5.MoveNext()", "EmbeddingPipelineFilter.InvokeAsync (async)")]
    [InlineData("System.Runtime.CompilerServices.TaskAwaiter`1[System.__Canon].GetResult()", "TaskAwaiter.GetResult")]
    [InlineData("System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart()", "PortableThreadPool+WorkerThread.WorkerThreadStart")]
    public void FrameNamesReadLikeTheCode(string runtimeName, string expected) =>
        Assert.Equal(expected, FrameNames.Display(runtimeName));

    [Fact]
    public void BlockedPoolThreadsGroupByLeafFrameAndApplicationFramesWithFrameworkFolded()
    {
        var blocked = PoolStack(
            ("System.Threading.Thread.Sleep(int32)", CoreLib),
            ("WebDemo.Api.Embeddings.Backends.SimulatedBackend.Embed(class EmbeddingJob)", App),
            ("WebDemo.Api.Embeddings.Strategies.BlockingStrategy.Handle(class EmbeddingJob,class IEmbeddingBackend)", App),
            ("dynamicClass.lambda_method12(pMT: [Closure])", ""),
            ("WebDemo.Api.Embeddings.EmbeddingPipelineFilter+<InvokeAsync>d__5.MoveNext()", App),
            ("System.Runtime.CompilerServices.AsyncMethodBuilderCore.Start()", CoreLib));
        var threads = Enumerable.Range(1, 5).Select(id => Thread(id, blocked))
            .Append(Thread(6, IdleStack())).Append(Thread(7, IdleStack()))
            .Append(Thread(8, [("System.Net.Sockets.SocketAsyncEngine.EventLoop()", "System.Net.Sockets"), ("System.Threading.Thread.StartCallback()", CoreLib)]))
            .Append(Thread(9, PoolStack(("System.Threading.Thread.Sleep(int32)", CoreLib),
                ("WebDemo.Api.Diagnostics.StackCapture.EventPipeStackSampler.Record()", App))))
            .ToList();

        var analysis = CallChains.Analyse(threads, "WebDemo", applicationFrames: 3);

        var chain = Assert.Single(analysis.Chains);
        Assert.Equal("Thread.Sleep ← SimulatedBackend.Embed ← BlockingStrategy.Handle ← … ← EmbeddingPipelineFilter.InvokeAsync (async)", chain.Name);
        Assert.Equal(5, chain.Threads);
        Assert.True(chain.ApplicationCode);
        Assert.Equal([false, true, true, false, true], chain.Frames.Select(frame => frame.Application));
        Assert.Equal(7, analysis.PoolThreads);     // the capture's own thread (9) is left out
        Assert.Equal(2, analysis.IdlePoolThreads);
        Assert.Equal(1, analysis.OtherThreads);    // the socket engine
    }

    [Fact]
    public void SyncOverAsyncNamesTheFrameworkWaitTheApplicationCalled()
    {
        var stack = PoolStack(
            ("System.Threading.Monitor.Wait(class System.Object,int32)", CoreLib),
            ("System.Threading.ManualResetEventSlim.Wait(int32,value class CancellationToken)", CoreLib),
            ("System.Threading.Tasks.Task.SpinThenBlockingWait(int32,value class CancellationToken)", CoreLib),
            ("System.Runtime.CompilerServices.TaskAwaiter`1[System.__Canon].GetResult()", CoreLib),
            ("WebDemo.Api.Embeddings.Strategies.SyncOverAsyncStrategy.Handle(class EmbeddingJob,class IEmbeddingBackend)", App));

        var chain = Assert.Single(CallChains.Analyse([Thread(1, stack)], "WebDemo", 3).Chains);

        Assert.Equal("Monitor.Wait ← … ← TaskAwaiter.GetResult ← SyncOverAsyncStrategy.Handle", chain.Name);
    }

    [Fact]
    public void ABusyThreadWithoutApplicationCodeIsNamedByItsWorkItem()
    {
        var stack = PoolStack(
            ("System.Reflection.Emit.DynamicMethod.CreateDelegate(class System.Type,class System.Object)", CoreLib),
            ("System.Linq.Expressions.Compiler.LambdaCompiler.Compile()", "System.Linq.Expressions"),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol+<ProcessRequests>d__238`1[System.__Canon].MoveNext()", "Microsoft.AspNetCore.Server.Kestrel.Core"));

        var chain = Assert.Single(CallChains.Analyse([Thread(1, stack)], "WebDemo", 3).Chains);

        Assert.False(chain.ApplicationCode);
        Assert.Equal("DynamicMethod.CreateDelegate ← … ← HttpProtocol.ProcessRequests (async)", chain.Name);
    }

    [Fact]
    public void AThreadCountsInTheStackItSpentMostOfTheWindowIn()
    {
        var idle = IdleStack();
        var busy = PoolStack(("System.Threading.Thread.Sleep(int32)", CoreLib), ("WebDemo.Api.Embeddings.Strategies.BlockingStrategy.Handle()", App));
        var thread = new SampledThread(1, [new StackSeen(Frames(busy), 2), new StackSeen(Frames(idle), 40)]);

        var analysis = CallChains.Analyse([thread], "WebDemo", 3);

        Assert.Empty(analysis.Chains);
        Assert.Equal(1, analysis.IdlePoolThreads);
    }

    private static (string, string)[] PoolStack(params (string Method, string Module)[] top) =>
    [
        .. top,
        ("System.Threading.ThreadPoolWorkQueue.Dispatch()", CoreLib),
        ("System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart()", CoreLib),
        ("System.Threading.Thread.StartCallback()", CoreLib),
    ];

    private static (string, string)[] IdleStack() =>
    [
        ("System.Threading.LowLevelLifoSemaphore.WaitForSignal(int32)", CoreLib),
        ("System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart()", CoreLib),
        ("System.Threading.Thread.StartCallback()", CoreLib),
    ];

    private static SampledThread Thread(int id, (string Method, string Module)[] frames) => new(id, [new StackSeen(Frames(frames), 10)]);

    private static List<SampledFrame> Frames((string Method, string Module)[] frames) =>
        frames.Select(frame => new SampledFrame(frame.Method, frame.Module)).ToList();
}
