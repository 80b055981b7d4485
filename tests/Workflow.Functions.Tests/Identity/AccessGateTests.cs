using Microsoft.AspNetCore.Http;
using Workflow.Functions.Apply;
using Workflow.Functions.Identity;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Identity;

/// <summary>Roles come from the table, scopes from the token; applicant tokens are checked against the stored hash.</summary>
[Collection("Azurite")]
public sealed class AccessGateTests
{
    private const string Round = "R2025-abcdef12";
    private readonly TestStorage _storage = new();

    private AccessGate Gate() => TestSignIn.Gate(_storage.Storage);

    private static HttpRequest As(string? actor) => Requests.Request("GET", actor);

    [Theory]
    [InlineData("operator:" + Round, 200)]
    [InlineData("operator:R2025-99999999", 403)]
    [InlineData("reviewer:" + Round, 200)]
    [InlineData("reviewer:R2025-99999999", 403)]
    [InlineData("ministry", 200)]
    [InlineData("auditor", 200)]
    [InlineData("municipality:131016", 403)]
    [InlineData(null, 401)]
    public async Task Operators_and_reviewers_reach_only_the_rounds_their_token_names(string? actor, int status)
    {
        var (caller, denied) = await Gate().AuthorizeAsync(As(actor), "ListApplications", AccessScope.Round(Round));

        Assert.Equal(status, denied?.StatusCode ?? 200);
        Assert.Equal(status == 200, caller is not null);
    }

    [Fact]
    public async Task An_application_id_scopes_the_call_to_its_round()
    {
        var (_, own) = await Gate().AuthorizeAsync(As("reviewer:" + Round), "GetApplicationDetail", AccessScope.Application(Round + "_03_0123456789abcdef0123"));
        var (_, other) = await Gate().AuthorizeAsync(As("reviewer:" + Round), "GetApplicationDetail", AccessScope.Application("R2025-99999999_03_0123456789abcdef0123"));

        Assert.Null(own);
        Assert.Equal(403, other!.StatusCode);
    }

    [Theory]
    [InlineData("municipality:131016", 200)]
    [InlineData("municipality:011002", 403)]
    [InlineData("ministry", 200)]
    [InlineData("operator:" + Round, 403)]
    public async Task A_municipality_reaches_only_its_own_code(string actor, int status)
    {
        var (_, denied) = await Gate().AuthorizeAsync(As(actor), "ListMunicipalityNotifications", AccessScope.Municipality("131016"));

        Assert.Equal(status, denied?.StatusCode ?? 200);
    }

    [Fact]
    public async Task The_caller_acts_in_the_role_that_reaches_the_scope()
    {
        var request = Requests.Request("GET");
        request.Headers.Authorization = "Bearer " + DevelopmentTokens.Issue(TestSignIn.Issuer, ActorRole.Operator, "both", ["R2025-99999999"]);

        var (caller, _) = await Gate().AuthorizeAsync(request, "GetRound", AccessScope.Round("R2025-99999999"));

        Assert.Equal(ActorRole.Operator, caller!.Role);
        Assert.Equal("operator:both", caller.LogName);
    }

    [Fact]
    public async Task Applicant_tokens_open_only_their_own_application_and_only_while_it_exists()
    {
        var round = Samples.Round(Domain.Rounds.RoundState.AcceptingApplications);
        var store = new ApplicationStore(_storage.Storage);
        using var pdf = new MemoryStream(Samples.Pdf());
        var mine = await store.SubmitAsync(round.RoundId, Samples.EligibleProducer("mine@example.jp"), pdf, Samples.Now);
        using var pdf2 = new MemoryStream(Samples.Pdf());
        var theirs = await store.SubmitAsync(round.RoundId, Samples.EligibleProducer("theirs@example.jp"), pdf2, Samples.Now);

        async Task<int> StatusAsync(string token, string applicationId, string function = "GetApplicationStatus")
        {
            var request = Requests.Request("GET");
            request.Headers[AccessGate.ApplicantTokenHeader] = token;
            var (_, denied) = await Gate().AuthorizeAsync(request, function, AccessScope.Application(applicationId));
            return denied?.StatusCode ?? 200;
        }

        Assert.Equal(200, await StatusAsync(mine.AccessToken!, mine.ApplicationId!));
        Assert.Equal(403, await StatusAsync(mine.AccessToken!, theirs.ApplicationId!));
        Assert.Equal(401, await StatusAsync(mine.AccessToken![..^2] + "AA", mine.ApplicationId!));
        Assert.Equal(401, await StatusAsync("ministry", mine.ApplicationId!));
        Assert.Equal(403, await StatusAsync(mine.AccessToken!, mine.ApplicationId!, "ListApplications"));

        // In the Authorization header an applicant token is not a staff token either.
        var bearer = Requests.Request("GET");
        bearer.Headers.Authorization = "Bearer " + mine.AccessToken;
        Assert.Equal(401, (await Gate().AuthorizeAsync(bearer, "ListRounds")).Denied!.StatusCode);

        await store.EraseAsync((await store.GetAsync(mine.ApplicationId!))!, Workflow.Domain.Privacy.ErasureReason.WithdrawnByApplicant, Samples.Now);
        Assert.Equal(401, await StatusAsync(mine.AccessToken!, mine.ApplicationId!));
    }

    [Fact]
    public async Task Public_routes_take_no_credentials_and_unknown_functions_fail_closed()
    {
        var (caller, denied) = await Gate().AuthorizeAsync(As(null), "GetRoster");
        Assert.Null(caller);
        Assert.Null(denied);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Gate().AuthorizeAsync(As("ministry"), "NotARealFunction"));
    }
}
