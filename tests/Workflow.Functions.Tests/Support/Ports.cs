using System.Net;
using System.Net.Sockets;

namespace Workflow.Functions.Tests.Support;

public static class Ports
{
    /// <summary>A port nothing listens on now, so test hosts started side by side do not collide on a random pick.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
