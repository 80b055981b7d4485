using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

/// <summary>Every test that talks to storage shares one Azurite per run (xunit needs the definition in this assembly).</summary>
[CollectionDefinition("Azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
