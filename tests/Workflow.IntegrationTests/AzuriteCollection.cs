using Workflow.Testing;

namespace Workflow.IntegrationTests;

[CollectionDefinition("Azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
}
