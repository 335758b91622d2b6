using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Configuration;

/// <summary>The SocketTransport section reaches Kestrel's socket transport options, over the app's own defaults.</summary>
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

    [Fact]
    public async Task SettingsInTheSocketTransportSectionOverrideTheDefaults()
    {
        await using var factory = new ApiFactory(output, new Dictionary<string, string?>
        {
            ["SocketTransport:UnsafePreferInlineScheduling"] = "true",
            ["SocketTransport:Backlog"] = "1024",
        });

        var options = factory.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.True(options.UnsafePreferInlineScheduling);
        Assert.Equal(1024, options.Backlog);
    }
}
