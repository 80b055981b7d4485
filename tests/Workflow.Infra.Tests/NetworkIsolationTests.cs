using System.Text.Json;

namespace Workflow.Infra.Tests;

/// <summary>
/// What a security review checks first (ADR 0019): the storage account and the key vault answer only on private
/// endpoints, the app reaches them from a subnet of the same network, and their host names resolve privately there.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class NetworkIsolationTests(CompiledTemplate compiled)
{
    private const string EndpointType = "Microsoft.Network/privateEndpoints";

    [Fact]
    public void Storage_refuses_public_network_access()
    {
        var (_, account) = compiled.SingleResource("Microsoft.Storage/storageAccounts");
        var properties = account.GetProperty("properties");

        Assert.Equal("Disabled", properties.GetProperty("publicNetworkAccess").GetString());
        Assert.Equal("Deny", properties.GetProperty("networkAcls").GetProperty("defaultAction").GetString());
        Assert.False(properties.GetProperty("networkAcls").TryGetProperty("ipRules", out var ipRules) && ipRules.GetArrayLength() > 0);
    }

    [Fact]
    public void The_vault_refuses_public_network_access_and_trusts_no_service_past_it()
    {
        var (_, vault) = compiled.SingleResource("Microsoft.KeyVault/vaults");
        var properties = vault.GetProperty("properties");

        Assert.Equal("Disabled", properties.GetProperty("publicNetworkAccess").GetString());
        Assert.Equal("Deny", properties.GetProperty("networkAcls").GetProperty("defaultAction").GetString());
        Assert.Equal("None", properties.GetProperty("networkAcls").GetProperty("bypass").GetString());
    }

    [Fact]
    public void Blob_queue_and_table_each_have_a_private_endpoint_on_the_storage_account()
    {
        var network = compiled.ModuleNamed("network");
        // The Functions host and Durable Functions need all three; Flex Consumption uses no file share.
        Assert.Equal(["blob", "queue", "table"], network.Variable("storageServices").EnumerateArray().Select(e => e.GetString()!));

        var endpoint = Assert.Single(network.ResourcesOfType(EndpointType), e => e.TryGetProperty("copy", out _));
        Assert.Equal("[length(variables('storageServices'))]", endpoint.GetProperty("copy").GetProperty("count").GetString());
        var connection = Assert.Single(endpoint.GetProperty("properties").GetProperty("privateLinkServiceConnections").EnumerateArray()).GetProperty("properties");
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", connection.GetProperty("privateLinkServiceId").GetString());
        Assert.Equal(["[variables('storageServices')[copyIndex()]]"], connection.GetProperty("groupIds").EnumerateArray().Select(g => g.GetString()!));
        InPrivateEndpointSubnet(endpoint);

        // The account is the one the storage module creates.
        Assert.Equal(("storage", "name"), CompiledTemplate.AsModuleOutput(network.ParameterValue("storageAccountName")));
    }

    [Fact]
    public void The_vault_has_a_private_endpoint()
    {
        var network = compiled.ModuleNamed("network");
        var endpoint = Assert.Single(network.ResourcesOfType(EndpointType), e => !e.TryGetProperty("copy", out _));
        var connection = Assert.Single(endpoint.GetProperty("properties").GetProperty("privateLinkServiceConnections").EnumerateArray()).GetProperty("properties");

        Assert.Equal("[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]", connection.GetProperty("privateLinkServiceId").GetString());
        Assert.Equal(["vault"], connection.GetProperty("groupIds").EnumerateArray().Select(g => g.GetString()!));
        InPrivateEndpointSubnet(endpoint);
        Assert.Equal(("keyVault", "name"), CompiledTemplate.AsModuleOutput(network.ParameterValue("keyVaultName")));
    }

    [Fact]
    public void Each_endpoint_registers_in_a_private_dns_zone_linked_to_the_network()
    {
        var network = compiled.ModuleNamed("network");

        // The zone names come from the cloud's suffixes: privatelink.blob.core.windows.net and so on in the public cloud.
        var storageZones = Assert.Single(network.Template.GetProperty("variables").GetProperty("copy").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "storageZones");
        Assert.Equal("[format('privatelink.{0}.{1}', variables('storageServices')[copyIndex('storageZones')], environment().suffixes.storage)]",
            storageZones.GetProperty("input").GetString());
        Assert.Equal("[format('privatelink{0}', replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.'))]",
            network.Variable("vaultZone").GetString());
        Assert.Equal("privatelink.vaultcore.azure.net", "privatelink" + ".vault.azure.net".Replace(".vault.", ".vaultcore.", StringComparison.Ordinal));

        var zones = network.ResourcesOfType("Microsoft.Network/privateDnsZones").Select(z => z.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["[variables('storageZones')[copyIndex()]]", "[variables('vaultZone')]"], zones);

        var links = network.ResourcesOfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks").ToList();
        Assert.Equal(2, links.Count);
        Assert.Contains(links, l => l.GetProperty("name").GetString()!.Contains("variables('storageZones')[copyIndex()]", StringComparison.Ordinal)
                                    && l.GetProperty("copy").GetProperty("count").GetString() == "[length(variables('storageZones'))]");
        Assert.Contains(links, l => l.GetProperty("name").GetString()!.Contains("variables('vaultZone')", StringComparison.Ordinal));
        Assert.All(links, l =>
        {
            Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks', parameters('virtualNetworkName'))]",
                l.GetProperty("properties").GetProperty("virtualNetwork").GetProperty("id").GetString());
            Assert.False(l.GetProperty("properties").GetProperty("registrationEnabled").GetBoolean());
        });

        var groups = network.ResourcesOfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups")
            .Select(g => Assert.Single(g.GetProperty("properties").GetProperty("privateDnsZoneConfigs").EnumerateArray())
                .GetProperty("properties").GetProperty("privateDnsZoneId").GetString())
            .ToList();
        Assert.Equal([
            "[resourceId('Microsoft.Network/privateDnsZones', variables('storageZones')[copyIndex()])]",
            "[resourceId('Microsoft.Network/privateDnsZones', variables('vaultZone'))]",
        ], groups);
    }

    [Fact]
    public void The_app_joins_the_network_through_a_subnet_delegated_to_microsoft_app_environments()
    {
        var (functions, site) = compiled.SingleResource("Microsoft.Web/sites");
        Assert.Equal("[parameters('virtualNetworkSubnetId')]", site.GetProperty("properties").GetProperty("virtualNetworkSubnetId").GetString());
        Assert.Equal(("network", "appSubnetId"), CompiledTemplate.AsModuleOutput(functions.ParameterValue("virtualNetworkSubnetId")));

        var network = compiled.ModuleNamed("network");
        Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('virtualNetworkName'), variables('appSubnetName'))]",
            network.OutputValue("appSubnetId"));
        var subnet = Subnet(network, "[variables('appSubnetName')]");
        var delegation = Assert.Single(subnet.GetProperty("delegations").EnumerateArray());
        Assert.Equal("Microsoft.App/environments", delegation.GetProperty("properties").GetProperty("serviceName").GetString());

        // Its calls to the internet (Entra ID, Graph, Application Insights) leave through an explicit gateway.
        Assert.Equal("[resourceId('Microsoft.Network/natGateways', parameters('natGatewayName'))]",
            subnet.GetProperty("natGateway").GetProperty("id").GetString());
        Assert.False(subnet.GetProperty("defaultOutboundAccess").GetBoolean());
    }

    [Fact]
    public void Network_resources_are_named_from_the_abbreviations()
    {
        var network = compiled.ModuleNamed("network");
        Assert.Equal("[format('{0}{1}', variables('abbrs').networkVirtualNetworks, variables('resourceToken'))]", network.ParameterValue("virtualNetworkName"));
        Assert.Equal("[format('{0}{1}', variables('abbrs').networkNatGateways, variables('resourceToken'))]", network.ParameterValue("natGatewayName"));
        Assert.Equal("[format('{0}{1}', variables('abbrs').networkPublicIPAddresses, variables('resourceToken'))]", network.ParameterValue("publicIpName"));
        Assert.Equal("[variables('abbrs').networkPrivateEndpoints]", network.ParameterValue("privateEndpointPrefix"));
        Assert.Equal("[variables('abbrs').networkVirtualNetworksSubnets]", network.ParameterValue("subnetPrefix"));
    }

    private static void InPrivateEndpointSubnet(JsonElement endpoint) =>
        Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('virtualNetworkName'), variables('privateEndpointSubnetName'))]",
            endpoint.GetProperty("properties").GetProperty("subnet").GetProperty("id").GetString());

    private static JsonElement Subnet(CompiledTemplate.Module network, string name)
    {
        var vnet = Assert.Single(network.ResourcesOfType("Microsoft.Network/virtualNetworks"));
        return Assert.Single(vnet.GetProperty("properties").GetProperty("subnets").EnumerateArray(),
            s => s.GetProperty("name").GetString() == name).GetProperty("properties");
    }
}
