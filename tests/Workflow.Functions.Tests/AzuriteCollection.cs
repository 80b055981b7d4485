using Workflow.Testing;

namespace Workflow.Functions.Tests;

/// <summary>One Azurite for every storage-backed test of this assembly; each test still takes its own name prefix.</summary>
[CollectionDefinition("Azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
}
