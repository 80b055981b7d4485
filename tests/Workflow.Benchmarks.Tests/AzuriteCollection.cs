using Workflow.Testing;

namespace Workflow.Benchmarks.Tests;

[CollectionDefinition("Azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
}
