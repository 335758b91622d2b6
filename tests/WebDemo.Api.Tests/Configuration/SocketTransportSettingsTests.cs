using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Configuration;

/// <summary>
/// Kestrel's socket transport as the API runs it unless told otherwise. Both defaults matter to users: with Kestrel's 512
/// backlog the kernel drops SYNs when 2,000 clients connect at once, and inline scheduling would let a blocking strategy
/// block an I/O thread. (That the section switches inline scheduling on is shown by InlineSchedulingTests.)
/// </summary>
public sealed class SocketTransportSettingsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ByDefaultTheBacklogIsRaisedAndRequestCodeIsScheduledOnThePool()
    {
        await using var factory = new ApiFactory(output);

        var options = factory.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.Equal(4096, options.Backlog);
        Assert.False(options.UnsafePreferInlineScheduling);
    }
}
