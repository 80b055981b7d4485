using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>The integration tests that keep their hosts running: most of them spend the CPU of the machine.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// The tests that kill a host and wait for the engine to hand its work to another (ADR 0006): they spend most of
/// their time waiting on queue visibility timeouts, so they run beside <see cref="AzuriteCollection"/> rather than
/// after it. Each test has its own prefix and task hub on the one shared Azurite.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KilledHostsCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite, killed hosts";
}
