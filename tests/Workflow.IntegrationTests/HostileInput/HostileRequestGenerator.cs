using Workflow.Domain.Appointments;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workflow.Domain.Panel;
using Workflow.Domain.Privacy;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Appoint;
using Workflow.Functions.Apply;
using Workflow.Functions.Commission;
using Workflow.Functions.Identity;
using Workflow.Functions.Select;
using Workflow.Functions.Train;
using Workflow.Domain.Applications;

namespace Workflow.IntegrationTests.HostileInput;

/// <summary>
/// Builds the hostile requests: for every route, a valid request (a token of a role the access table allows, scoped
/// to the seeded round, municipality or application; a valid body) spoiled in exactly one way, so that each request is
/// invalid for one known reason. Requests that would be valid never get built: a body-less action such as closing
/// the application window is only ever sent with a bad credential, route value or method. Where the API is known to
/// accept a malformed value (query parameters it silently defaults, route values it does not check), the case carries
/// no expected status: it still must not fail, leak or write, and the test lists what it accepted.
/// </summary>
internal sealed class HostileRequestGenerator
{
    private static readonly IReadOnlySet<int> BadRequest = new HashSet<int> { 400 };
    private static readonly IReadOnlySet<int> Unauthorized = new HashSet<int> { 401 };
    private static readonly IReadOnlySet<int> UnauthorizedOrRefusedByServer = new HashSet<int> { 400, 401 };
    private static readonly IReadOnlySet<int> UnauthorizedOrForbidden = new HashSet<int> { 401, 403 };
    private static readonly IReadOnlySet<int> Forbidden = new HashSet<int> { 403 };
    private static readonly IReadOnlySet<int> NoSuchMethod = new HashSet<int> { 404, 405 };
    private static readonly IReadOnlySet<int> NulInPath = new HashSet<int> { 400, 404, 405 };
    private static readonly IReadOnlySet<int> HeadersTooLarge = new HashSet<int> { 400, 431 };
    private static readonly IReadOnlySet<int> TooLarge = new HashSet<int> { 413 };
    private static readonly IReadOnlySet<int> UnsupportedType = new HashSet<int> { 415 };
    private static readonly IReadOnlySet<int> BadOrUnsupported = new HashSet<int> { 400, 415 };

    private static readonly ActorRole[] RolePreference =
        [ActorRole.Ministry, ActorRole.Operator, ActorRole.Municipality, ActorRole.Reviewer, ActorRole.Auditor, ActorRole.Applicant];

    private readonly SeededRound _seed;
    private readonly Random _random;
    private readonly List<HostileRequest> _requests = [];
    private readonly Dictionary<string, string> _valid;
    private readonly Dictionary<string, JsonSpec> _json;
    private readonly JsonSpec _application;
    private int _roleTurn;

    /// <param name="Optional">Field patterns whose absence or null the API accepts: never nulled on a valid body.</param>
    /// <param name="Anchors">Semantic errors that keep the body invalid while the validators still read every other field.</param>
    /// <param name="ParsedFirst">The handler reads the body before any lookup or state check, so a bad body must answer 400.</param>
    private sealed record JsonSpec(Type Type, JsonObject Base, IReadOnlySet<string> Optional, (object[] Segments, string Raw)[] Anchors, bool ParsedFirst, bool Idempotent);

    public HostileRequestGenerator(SeededRound seed, int randomSeed)
    {
        _seed = seed;
        _random = new Random(randomSeed);
        _valid = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["roundId"] = seed.RoundId,
            ["applicationId"] = seed.ApplicationId,
            ["code"] = SeededRound.MunicipalityCode,
            ["session"] = "1",
            ["persona"] = "producer",

            // Well-formed ids of things that do not exist: nothing of the kind is in the seeded round yet.
            ["appointmentId"] = $"{seed.RoundId}_0123456789ab",
            ["certificateId"] = "C0123456789ABCDE",
            ["packId"] = $"EP2027-{SeededRound.MunicipalityCode}-0123456789AB",
            ["needId"] = $"N{SeededRound.MunicipalityCode}-0123456789",
            ["candidateId"] = seed.ApplicationId,
        };

        var round = seed.RoundRequest with { Title = "入力検査で作られてはならないラウンド" };
        _json = new Dictionary<string, JsonSpec>(StringComparer.Ordinal)
        {
            ["CreateRound"] = new(typeof(CreateRoundRequest), JsonMutations.ToNode(round), new HashSet<string>(), [(["fiscalYear"], "1999")], true, true),
            ["ExtendCommissionDeadline"] = new(typeof(ExtendCommissionRequest), JsonMutations.ToNode(new ExtendCommissionRequest(DateTimeOffset.UtcNow.AddDays(20))),
                new HashSet<string>(), [], true, false),
            ["EraseApplicant"] = new(typeof(ErasureRequest), JsonMutations.ToNode(new ErasureRequest(ErasureReason.RetentionPeriodEnded)), new HashSet<string>(), [], true, false),
            ["RequestApplicantTokenReissue"] = new(typeof(TokenReissueRequest), JsonMutations.ToNode(new TokenReissueRequest("nobody.hostile@example.jp")),
                new HashSet<string>(), [], true, false),
            ["DeclareConflictOfInterest"] = new(typeof(ConflictDeclarationRequest), JsonMutations.ToNode(new ConflictDeclarationRequest(false)), new HashSet<string>(), [], true, false),

            // The declarant is looked up before the body is read: nobody has declared anything in the seeded round.
            ["ClearConflictOfInterest"] = new(typeof(ConflictClearanceRequest), JsonMutations.ToNode(new ConflictClearanceRequest("申告の誤りを確認したため。")),
                new HashSet<string>(), [], false, false),
            ["RecordPanelDecision"] = new(typeof(DecisionRequest), JsonMutations.ToNode(new DecisionRequest(PanelDecision.NotSelected, "スキル要件を満たしていないため。")),
                new HashSet<string>(), [(["decision"], "null")], true, false),
            ["AssignPanel"] = new(typeof(PanelAssignmentRequest), JsonMutations.ToNode(new PanelAssignmentRequest(
                    [new PanelMember("hostile-1", "委員A"), new PanelMember("hostile-2", "委員B"), new PanelMember("hostile-3", "委員C")])),
                new HashSet<string>(), [(["members", 2, "name"], "\"\"")], true, true),
            ["RecordScores"] = new(typeof(ScoresRequest), JsonMutations.ToNode(new ScoresRequest(
                    SkillStandardCatalog.R3Draft.For(Persona.Producer).AllSkills.Select(i => (ItemScore?)new ItemScore(i.Code, 3, null)).ToList(), "所見")),
                new HashSet<string> { "comment", "items[].reason" }, [(["items"], "[]")], true, true),
            ["RecordAttendance"] = new(typeof(AttendanceRequest), JsonMutations.ToNode(new AttendanceRequest([seed.ApplicationId], [])),
                new HashSet<string> { "absentees" }, [], false, false),
            ["RequestAppointment"] = new(typeof(AppointmentRequest), JsonMutations.ToNode(new AppointmentRequest(seed.ApplicationId, AppointmentRole.Other, "DX推進アドバイザー", EmploymentForm.Contract,
                DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(395), 2, WorkStyle.Remote)),
                new HashSet<string>(), [(["candidateId"], "null"), (["role"], "null")], true, true),
            ["AnswerAppointment"] = new(typeof(AnswerRequest), JsonMutations.ToNode(new AnswerRequest(true)), new HashSet<string>(), [], false, false),
        };
        _application = new JsonSpec(typeof(ApplicationRequest), JsonMutations.ToNode(seed.OtherForm),
            new HashSet<string> { "fullNameKana", "qualifications", "skillLevels", "experiences", "consentToPublication", "experiences[].summary", "listing", "workStyles", "regions" },
            [(["phone"], "\"abc\""), (["email"], "\"not-an-email\"")], true, true);
    }

    public IReadOnlyList<HostileRequest> Generate()
    {
        var methodPathsDone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in ApiRoutes.All)
        {
            if (!route.IsPublic)
            {
                Credentials(route);
            }

            RouteValues(route);
            if (methodPathsDone.Add(route.PathWith(_valid)))
            {
                Methods(route);
            }

            Queries(route);
            switch (route.Function)
            {
                case "SubmitApplication":
                    Submissions(route);
                    break;
                case "ImportMunicipalities":
                    CsvImports(route);
                    break;
                case "UploadContract":
                    Contracts(route);
                    break;
                default:
                    if (_json.TryGetValue(route.Function, out var spec))
                    {
                        JsonBodies(route, spec);
                    }

                    break;
            }
        }

        // A fixed order, shuffled by the fixed seed: neighbours differ from run to run of the code, not of the test.
        var shuffled = _requests.ToArray();
        _random.Shuffle(shuffled);
        return shuffled;
    }

    // ---------------------------------------------------------------- credentials

    private void Credentials(ApiRoute route)
    {
        var path = route.PathWith(_valid);
        var role = PreferredRole(route)!.Value;
        var staffRole = role == ActorRole.Applicant ? ActorRole.Ministry : role;
        var body = ValidBody(route);
        void Send(string name, Credential credential, IReadOnlySet<int> expected) => Add(route, "credential: " + name, route.Method, path, credential, body, [], expected);

        var token = TestSignIn.Token(staffRole, Scoped(staffRole), staffRole == ActorRole.Municipality ? SeededRound.MunicipalityCode : null, "hostile-fixed");
        var parts = token.Split('.');
        var applicant = _seed.ApplicantToken;
        var otherApplication = $"{_seed.RoundId}_00_{new string('0', 20)}";
        var wrongSecret = new string('A', 43);

        Send("none", Credential.None, Unauthorized);
        Send("Bearer without token", Credential.Raw("bearer-empty", ("Authorization", "Bearer")), Unauthorized);
        Send("Basic scheme", Credential.Raw("basic", ("Authorization", "Basic dXNlcjpwYXNzd29yZA==")), Unauthorized);
        Send("garbage JWT", Credential.Raw("garbage", ("Authorization", "Bearer abc.def.ghi")), Unauthorized);
        Send("20 KB token", Credential.Raw("huge", ("Authorization", "Bearer " + new string('a', 20_000))), Unauthorized);
        Send("alg none", Credential.Raw("alg-none", ("Authorization", "Bearer " + UnsignedToken(staffRole))), Unauthorized);
        Send("expired", Credential.Raw("expired", ("Authorization", "Bearer " + TestSignIn.Expired(staffRole))), Unauthorized);
        Send("wrong signature", Credential.Raw("wrong-signature", ("Authorization", "Bearer " + TestSignIn.WrongSignature(staffRole))), Unauthorized);
        Send("foreign key", Credential.Raw("foreign-key", ("Authorization", "Bearer " + TestSignIn.ForeignKey(staffRole))), Unauthorized);
        Send("HS256 keyed with the public key", Credential.Raw("hs256", ("Authorization", "Bearer " + TestSignIn.Hs256(staffRole))), Unauthorized);
        Send("other audience", Credential.Raw("other-audience", ("Authorization", "Bearer " + DevelopmentTokens.Issue(
            TestSignIn.Issuer with { Audience = "api://someone-else" }, staffRole, "hostile-audience", Scoped(staffRole), Municipality(staffRole)))), Unauthorized);
        Send("other issuer", Credential.Raw("other-issuer", ("Authorization", "Bearer " + DevelopmentTokens.Issue(
            TestSignIn.Issuer with { Issuer = "https://issuer.example/" }, staffRole, "hostile-issuer", Scoped(staffRole), Municipality(staffRole)))), Unauthorized);
        Send("signature stripped", Credential.Raw("unsigned", ("Authorization", $"Bearer {parts[0]}.{parts[1]}.")), Unauthorized);
        Send("payload swapped", Credential.Raw("payload-swapped", ("Authorization", $"Bearer {parts[0]}.{UnsignedToken(ActorRole.Ministry).Split('.')[1]}.{parts[2]}")), Unauthorized);
        Send("two Authorization headers", Credential.Raw("two-bearers", ("Authorization", "Bearer " + token), ("Authorization", "Bearer " + token)), UnauthorizedOrRefusedByServer);
        Send("control characters in token", Credential.Raw("control", ("Authorization", "Bearer \u0001\u0002abc\u007f")), UnauthorizedOrRefusedByServer);
        Send("non-ASCII token", Credential.Raw("non-ascii", ("Authorization", "Bearer トークン")), UnauthorizedOrRefusedByServer);
        Send("bidi override in token", Credential.Raw("bidi", ("Authorization", "Bearer \u202E" + token)), UnauthorizedOrRefusedByServer);
        Send("forged platform principal", Credential.Raw("forged-principal",
            ("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"roles\",\"val\":\"ministry\"}]}"))),
            ("X-MS-CLIENT-PRINCIPAL-NAME", "admin"), ("X-Actor", "ministry")), Unauthorized);
        Send("empty applicant token", Credential.Raw("applicant-empty", (AccessGate.ApplicantTokenHeader, string.Empty)), Unauthorized);
        Send("applicant token prefix only", Credential.Raw("applicant-prefix", (AccessGate.ApplicantTokenHeader, "apt.")), Unauthorized);
        Send("applicant token with a wrong secret", Credential.Raw("applicant-wrong-secret", (AccessGate.ApplicantTokenHeader, $"apt.{_seed.ApplicationId}.{wrongSecret}")), UnauthorizedOrForbidden);
        Send("applicant token with one character changed", Credential.Raw("applicant-flipped", (AccessGate.ApplicantTokenHeader, applicant[..^1] + (applicant[^1] == 'A' ? 'B' : 'A'))), UnauthorizedOrForbidden);
        Send("applicant token of another application", Credential.Raw("applicant-other", (AccessGate.ApplicantTokenHeader, $"apt.{otherApplication}.{applicant[^43..]}")), UnauthorizedOrForbidden);
        Send("applicant token of 300 characters", Credential.Raw("applicant-long", (AccessGate.ApplicantTokenHeader, applicant + new string('x', 300))), Unauthorized);
        Send("applicant token with traversal", Credential.Raw("applicant-traversal", (AccessGate.ApplicantTokenHeader, "apt.../../../etc/passwd." + wrongSecret)), Unauthorized);
        Send("two applicant tokens", Credential.Raw("applicant-twice", (AccessGate.ApplicantTokenHeader, applicant), (AccessGate.ApplicantTokenHeader, applicant)), UnauthorizedOrRefusedByServer);
        Send("full-width applicant token", Credential.Raw("applicant-full-width", (AccessGate.ApplicantTokenHeader, JsonMutations.FullWidth(applicant))), UnauthorizedOrRefusedByServer);
        Send("applicant token in Authorization with a wrong secret", Credential.Raw("bearer-apt", ("Authorization", $"Bearer apt.{_seed.ApplicationId}.{wrongSecret}")), UnauthorizedOrForbidden);
        Send("staff token in the applicant header", Credential.Raw("staff-as-applicant", (AccessGate.ApplicantTokenHeader, token)), Unauthorized);
        Send("valid staff token beside a junk applicant header",
            Credential.Raw("staff+junk-applicant", ("Authorization", "Bearer " + token), (AccessGate.ApplicantTokenHeader, "junk")), Unauthorized);
        Send("municipality token without a valid code", Credential.Raw("municipality-bad-code",
            ("Authorization", "Bearer " + TestSignIn.Token(ActorRole.Municipality, null, "131017", "hostile-bad-code"))), Unauthorized);

        // Signed with the real development key, so only the claims are wrong.
        var roleValue = ActorClaims.RoleValue(staffRole);
        Send("role in upper case", Signed("roles-upper", new() { ["sub"] = "hostile", ["roles"] = new[] { roleValue.ToUpperInvariant() } }), Unauthorized);
        Send("applicant role in a staff token", Signed("roles-applicant", new() { ["sub"] = "hostile", ["roles"] = new[] { "applicant" } }), Unauthorized);
        Send("no roles", Signed("roles-empty", new() { ["sub"] = "hostile", ["roles"] = Array.Empty<string>() }), Unauthorized);
        Send("numeric role", Signed("roles-number", new() { ["sub"] = "hostile", ["roles"] = new object[] { 1 } }), Unauthorized);
        Send("object role", Signed("roles-object", new() { ["sub"] = "hostile", ["roles"] = new object[] { new Dictionary<string, object> { ["role"] = roleValue } } }), Unauthorized);
        Send("empty subject", Signed("sub-empty", new() { ["sub"] = " ", ["roles"] = new[] { roleValue } }), Unauthorized);
        Send("no subject", Signed("sub-none", new() { ["roles"] = new[] { roleValue } }), Unauthorized);
        Send("subject of 1000 characters", Signed("sub-long", new() { ["sub"] = new string('s', 1000), ["roles"] = new[] { roleValue } }), Unauthorized);
        Send("not valid before tomorrow", Signed("nbf-future", new() { ["sub"] = "hostile", ["roles"] = new[] { roleValue } }, notBefore: DateTime.UtcNow.AddDays(1)), Unauthorized);
        Send("header says HS384", Credential.Raw("alg-hs384", ("Authorization", $"Bearer {Base64Url("{\"alg\":\"HS384\",\"typ\":\"JWT\"}")}.{parts[1]}.{parts[2]}")), Unauthorized);

        if (ActorClaims.StaffRoles.FirstOrDefault(r => !route.Access.Allows(r)) is var denied && !route.Access.Allows(denied))
        {
            Send($"{denied} is not allowed", Staff(denied), Forbidden);
        }

        if (!route.Access.Allows(ActorRole.Applicant))
        {
            Send("the real applicant token on a staff route", Credential.Raw("applicant", (AccessGate.ApplicantTokenHeader, applicant)), Forbidden);
        }
        else
        {
            Send("a staff token on an applicant route", Staff(ActorRole.Ministry), Forbidden);
        }

        // Scopes: an operator or reviewer of another round, a municipality of another code.
        if (route.Parameters.Contains("roundId") && route.Access.Roles.FirstOrDefault(r => r is ActorRole.Operator or ActorRole.Reviewer) is var scopedRole
            && scopedRole is ActorRole.Operator or ActorRole.Reviewer)
        {
            Send($"{scopedRole} of another round", new Credential($"{scopedRole}-other-round",
                i => [("Authorization", "Bearer " + TestSignIn.Token(scopedRole, ["R2025-0000000a"], null, Credential.SubjectOf(i)))]), Forbidden);
            // As many rounds as a token signed RS256 (a 342-character signature) can name within the app's 16 KiB limit.
            var many = Enumerable.Range(0, 650).Select(n => $"R2025-{n:x8}").ToArray();
            Send($"{scopedRole} of 650 other rounds", new Credential($"{scopedRole}-650-rounds",
                i => [("Authorization", "Bearer " + TestSignIn.Token(scopedRole, many, null, Credential.SubjectOf(i)))]), Forbidden);
        }

        if (route.Parameters.Contains("code") && route.Access.Allows(ActorRole.Municipality))
        {
            Send("municipality of another code", new Credential("municipality-other-code",
                i => [("Authorization", "Bearer " + TestSignIn.Token(ActorRole.Municipality, null, "011002", Credential.SubjectOf(i)))]), Forbidden);
        }
    }

    // ---------------------------------------------------------------- route values, methods, paths

    private void RouteValues(ApiRoute route)
    {
        foreach (var parameter in route.Parameters)
        {
            var real = _valid.GetValueOrDefault(parameter, "x");
            var values = HostileStrings.RouteValues(real).ToList();
            values.AddRange(parameter switch
            {
                "session" => [("zero", "0"), ("seven", "7"), ("negative", "-1"), ("int overflow", "2147483648"), ("exponent", "1e1"), ("hex", "0x1"), ("full-width", "%EF%BC%91")],
                "code" => [("bad check digit", "131017"), ("zeros", "000000"), ("full-width", Uri.EscapeDataString("１３１０１６")), ("five digits", "13101"), ("seven digits", "1310160")],
                // A well-formed round part keeps the store looking: the 12 characters after it are used as a row key as they come.
                "appointmentId" =>
                [
                    ("key with reserved characters", $"{_seed.RoundId}_ab%23cd%3Fef%5Cgh'"), ("key with control characters", $"{_seed.RoundId}_%01%02%03%04%05%06%07%08%0B%0C%0E%0F"),
                    ("key in Japanese", $"{_seed.RoundId}_{Uri.EscapeDataString("日本語日本語日本語日本語")}"), ("key of dots", $"{_seed.RoundId}_............"),
                    ("key of quotes", $"{_seed.RoundId}_''''''''''''"), ("key of NULs", $"{_seed.RoundId}_{string.Concat(Enumerable.Repeat("%00", 12))}"),
                    ("key with bidi override", $"{_seed.RoundId}_{Uri.EscapeDataString("\u202Eabcdefghijk")}"),
                ],
                "applicationId" => [("shard 99", $"{_seed.RoundId}_99_{new string('a', 20)}"), ("upper-case hex", _seed.ApplicationId[..^20] + _seed.ApplicationId[^20..].ToUpperInvariant())],
                _ => [],
            });

            foreach (var (name, wire) in values.Where(v => v.Item2 != Uri.EscapeDataString(real)))
            {
                var role = NextRole(route);
                var path = route.PathWith(new Dictionary<string, string>(_valid) { [parameter] = wire });
                Add(route, $"route {parameter}: {name} (as {role?.ToString() ?? "anonymous"})", route.Method, path, CredentialFor(role), ValidBody(route), [], null);
            }
        }

        // Extra segments after a real path: unknown to the router unless another template takes them.
        // No trailing slash or dot segment: the router or Kestrel would resolve those to the real route.
        var extra = route.PathWith(_valid) + "/extra";
        Add(route, "path: extra segment", route.Method, extra, ValidCredential(route), ValidBody(route), [],
            ApiRoutes.MethodsServedAt(extra).Contains(route.Method) ? null : NoSuchMethod);

        // Header limits: Kestrel answers before any handler runs.
        Add(route, "headers: 120 of them", route.Method, route.PathWith(_valid), ValidCredential(route), ValidBody(route),
            Enumerable.Range(0, 120).Select(i => ($"X-Hostile-{i}", "x")).ToList(), HeadersTooLarge);
        Add(route, "headers: one of 40 KB", route.Method, route.PathWith(_valid), ValidCredential(route), ValidBody(route),
            [("X-Hostile", new string('h', 40 * 1024))], HeadersTooLarge);

        // Kestrel itself refuses a decoded NUL in the path, with an empty 400.
        Add(route, "path: NUL segment", route.Method, route.PathWith(_valid) + "/%00", ValidCredential(route), ValidBody(route), [], NulInPath);
    }

    private void Methods(ApiRoute route)
    {
        var path = route.PathWith(_valid);
        var served = ApiRoutes.MethodsServedAt(path);
        foreach (var method in new[] { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND" }.Where(m => !served.Contains(m)))
        {
            var body = method is "POST" or "PUT" or "PATCH" ? Body.Json("{\"hostile\":true}") : null;
            Add(route, "wrong method", method, path, ValidCredential(route), body, [], NoSuchMethod);
        }
    }

    // ---------------------------------------------------------------- query strings

    /// <summary>Malformed query strings; those without an expected status probe values the API is known to accept as they come.</summary>
    private void Queries(ApiRoute route)
    {
        List<(string Name, string Query, IReadOnlySet<int>? Expected)> cases = route.Function switch
        {
            "ListApplications" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("pageSize 0", "pageSize=0", BadRequest), ("pageSize -1", "pageSize=-1", BadRequest), ("pageSize 201", "pageSize=201", BadRequest),
                ("pageSize int max", "pageSize=2147483647", BadRequest), ("status unknown", "status=bogus", BadRequest),
                ("status full-width", "status=" + Uri.EscapeDataString(JsonMutations.FullWidth("submitted")), BadRequest),
                ("status NUL", "status=%00", BadRequest), ("status with NUL", "status=submitted%00", BadRequest),
                ("status bidi", "status=" + Uri.EscapeDataString("\u202Esubmitted"), BadRequest),
                ("continuation without dot", "continuation=abc", BadRequest), ("continuation shard 99", "continuation=99.", BadRequest),
                ("continuation shard -1", "continuation=-1.x", BadRequest), ("continuation not base64", "continuation=3.!!!", BadRequest),
                ("continuation NUL", "continuation=0.%00", BadRequest), ("continuation 5000 characters", "continuation=" + new string('A', 5000), BadRequest),
                ("continuation base64 garbage", "continuation=3." + Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes("garbage token ' or ''='"))), null),
                ("status as a number", "status=99", null), ("duplicated status", "status=eligible&status=selected", null),
                ("600 parameters", "status=bogus&" + string.Join('&', Enumerable.Range(0, 600).Select(i => $"p{i}=x")), BadRequest),
                ("duplicated pageSize", "pageSize=10&pageSize=20", null),
            },
            "GetRoster" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("persona unknown", "persona=bogus", BadRequest), ("persona NUL", "persona=%00", BadRequest),
                ("duplicated persona", "persona=producer&persona=engineer", BadRequest), ("prefecture unknown", "prefecture=bogus", BadRequest),
                ("prefecture NUL", "prefecture=%00", BadRequest), ("prefecture bidi", "prefecture=" + Uri.EscapeDataString("\u202E東京都"), BadRequest),
                ("prefecture 4000 characters", "prefecture=" + new string('x', 4000), BadRequest), ("pageSize 0", "pageSize=0", BadRequest),
                ("pageSize 201", "pageSize=201", BadRequest), ("pageSize -5", "pageSize=-5", BadRequest),
                ("continuation garbage", "continuation=garbage", null), ("continuation with space", "continuation=a%20b", null),
                ("continuation NUL", "continuation=%00", null), ("continuation 4000 characters", "continuation=" + new string('Z', 4000), null),
                ("continuation injection", "continuation=" + Uri.EscapeDataString("' or ''=' 1!2!3"), null),
                ("roundId NUL", "roundId=%00", null), ("roundId injection", "roundId=" + Uri.EscapeDataString("' or ''='"), null),
                ("pageSize letters", "pageSize=abc", null), ("duplicated pageSize", "pageSize=10&pageSize=20", null),
            },
            "ListMunicipalities" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("prefecture NUL", "prefecture=%00", null), ("prefecture injection", "prefecture=" + Uri.EscapeDataString("' or ''='"), null),
                ("prefecture bidi", "prefecture=" + Uri.EscapeDataString("\u202E東京都"), null), ("prefecture 4000 characters", "prefecture=" + new string('x', 4000), null),
                ("duplicated prefecture", "prefecture=" + Uri.EscapeDataString("東京都") + "&prefecture=" + Uri.EscapeDataString("大阪府"), null),
            },
            "ListMunicipalityNotifications" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("pageSize 0", "pageSize=0", null), ("continuation garbage", "continuation=garbage", null), ("continuation NUL", "continuation=%00", null),
                ("continuation 4000 characters", "continuation=" + new string('Z', 4000), null), ("duplicated continuation", "continuation=a&continuation=b", null),
            },
            "ListMinistryNotifications" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("continuation garbage", "continuation=garbage", null), ("continuation NUL", "continuation=%00", null),
                ("continuation 4000 characters", "continuation=" + new string('Z', 4000), null), ("continuation injection", "continuation=" + Uri.EscapeDataString("' or ''='"), null),
            },
            "ListPendingWaits" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("role unknown", "role=bogus", BadRequest), ("role a date, not people", "role=schedule", BadRequest), ("role NUL", "role=%00", BadRequest),
                ("duplicated role", "role=operator&role=ministry", BadRequest), ("prefecture unknown", "prefecture=bogus", BadRequest),
                ("prefecture NUL", "prefecture=%00", BadRequest), ("prefecture bidi", "prefecture=" + Uri.EscapeDataString("\u202E東京都"), BadRequest),
                ("prefecture 4000 characters", "prefecture=" + new string('x', 4000), BadRequest),
                ("roundId injection", "roundId=" + Uri.EscapeDataString("' or ''='"), BadRequest), ("roundId NUL", "roundId=%00", BadRequest),
                ("roundId of no round", "roundId=R2020-0a0b0c0d", null),
            },
            "GetRoundHistory" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("pageSize 0", "pageSize=0", BadRequest), ("pageSize 5001", "pageSize=5001", BadRequest), ("pageSize -1", "pageSize=-1", BadRequest),
                ("continuation -5", "continuation=-5", BadRequest), ("continuation letters", "continuation=abc", BadRequest),
                ("continuation overflow", "continuation=99999999999", BadRequest), ("continuation NUL", "continuation=%00", BadRequest),
                ("duplicated continuation", "continuation=1&continuation=2", BadRequest),
                ("pageSize letters", "pageSize=abc", null), ("duplicated pageSize", "pageSize=10&pageSize=20", null),
            },
            "ExportApplications" or "ExportRoster" or "ExportAppointments" or "ExportMunicipalities" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("format unknown", "format=pdf", BadRequest), ("format NUL", "format=%00", BadRequest), ("format with NUL", "format=csv%00", BadRequest),
                ("duplicated format", "format=csv&format=xlsx", BadRequest), ("format as a number", "format=1", BadRequest),
                ("format full-width", "format=" + Uri.EscapeDataString(JsonMutations.FullWidth("csv")), BadRequest),
                ("format bidi", "format=" + Uri.EscapeDataString("\u202Ecsv"), BadRequest), ("format upper-case", "format=CSV", null),
            },
            "GetApplicantStory" => new List<(string, string, IReadOnlySet<int>?)>
            {
                ("format unknown", "format=xlsx", BadRequest), ("format upper-case", "format=CSV", BadRequest), ("format NUL", "format=%00", BadRequest),
                ("format empty", "format=", BadRequest), ("duplicated format", "format=csv&format=json", BadRequest),
                ("format bidi", "format=" + Uri.EscapeDataString("\u202Ecsv"), BadRequest),
            },
            _ => [],
        };

        foreach (var (name, query, expected) in cases)
        {
            Add(route, "query: " + name, route.Method, route.PathWith(_valid) + "?" + query, ValidCredential(route), null, [], expected);
        }
    }

    // ---------------------------------------------------------------- JSON bodies

    private void JsonBodies(ApiRoute route, JsonSpec spec)
    {
        var path = route.PathWith(_valid);
        var credential = ValidCredential(route);
        var valid = JsonMutations.Text(spec.Base);

        // A handler that checks state or looks something up first never reads the body here: a few bodies show that.
        if (!spec.ParsedFirst)
        {
            foreach (var (name, body) in BrokenJson(spec.Base).Take(12))
            {
                Add(route, "body (read after state): " + name, route.Method, path, credential, body, [], null);
            }

            return;
        }

        void Send(string name, Body body, IReadOnlySet<int>? expected) => Add(route, "body: " + name, route.Method, path, credential, body, [], expected);

        foreach (var (name, body) in BrokenJson(spec.Base))
        {
            Send(name, body, BadRequest);
        }

        foreach (var (name, text, expected) in FieldMutations(spec, multipart: false))
        {
            Send(name, Body.Json(text), expected);
        }

        if (route.Function == "CreateRound")
        {
            // In order, so only the range is wrong: a round of this fiscal year scheduled in year 9999. Formatting
            // such dates in Japan time overflows DateTimeOffset wherever the API shows them.
            var end = new DateTimeOffset(9999, 12, 31, 16, 0, 0, TimeSpan.Zero);
            var sessions = _seed.RoundRequest.Schedule!.TrainingSessions.Select((t, i) => t with { StartsAt = end.AddMinutes(3 + i) }).ToList();
            var farFuture = _seed.RoundRequest with
            {
                Title = "9999年に予定されたラウンド",
                Schedule = new Workflow.Domain.Rounds.RoundSchedule(end, end, end.AddMinutes(1), end.AddMinutes(2), sessions, end.AddMinutes(10), end.AddMinutes(11)),
            };
            Send("schedule: every date at the end of year 9999", Body.Json(JsonMutations.Text(JsonMutations.ToNode(farFuture))), BadRequest);
        }

        Send("300 KB body", Body.Json(PaddedTo(spec.Base, 300 * 1024)), TooLarge);
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/json", "application/problem+json", "garbage" })
        {
            Send($"Content-Type {type}", Body.Json(valid, type), UnsupportedType);
        }

        Send("no Content-Type, broken body", new Body(Encoding.UTF8.GetBytes(valid[..^1]), null), BadOrUnsupported);
        Send("empty Content-Type, broken body", new Body(Encoding.UTF8.GetBytes("{"), string.Empty), BadOrUnsupported);
        Send("UTF-16 declared and sent", new Body(Encoding.Unicode.GetBytes(valid), "application/json; charset=utf-16"), BadRequest);

        if (spec.Idempotent)
        {
            IdempotencyKeys(route, path, credential, Body.Json(valid), BrokenJson(spec.Base).Take(4).Select(b => b.Body).ToList());
        }
    }

    /// <summary>Bodies that are not JSON, or not one JSON object of the request's shape.</summary>
    private static List<(string Name, Body Body)> BrokenJson(JsonObject validBody)
    {
        var valid = JsonMutations.Text(validBody);
        var utf8 = Encoding.UTF8.GetBytes(valid);
        var list = new List<(string, Body)>
        {
            ("empty", new Body([], "application/json")),
            ("only {", Body.Json("{")), ("only }", Body.Json("}")), ("only [", Body.Json("[")), ("open string", Body.Json("{\"")),
            ("unterminated string", Body.Json("\"unterminated")), ("missing value", Body.Json("{\"a\":}")), ("single quotes", Body.Json(valid.Replace('"', '\''))),
            ("unquoted names", Body.Json("{x:1}")), ("array", Body.Json("[]")), ("null", Body.Json("null")), ("number", Body.Json("0")), ("true", Body.Json("true")),
            ("string", Body.Json("\"text\"")), ("two objects", Body.Json("{}{}")), ("NaN", Body.Json("NaN")),
            ("truncated", Body.Json(valid[..(valid.Length / 2)])), ("trailing garbage", Body.Json(valid + "xyz")), ("trailing object", Body.Json(valid + "{}")),
            ("trailing comma", Body.Json(valid[..^1] + ",}")), ("comment", Body.Json("/*c*/" + valid)), ("line comment", Body.Json("// c\n" + valid)),
            ("non-UTF-8 bytes", new Body([0xFF, 0xFE, 0xFD, .. utf8], "application/json")),
            ("invalid UTF-8 in a string", new Body([.. "{\"x\":\""u8, 0xC3, 0x28, 0xA0, .. "\"}"u8], "application/json")),
            ("overlong UTF-8 in a string", new Body([.. "{\"x\":\""u8, 0xC0, 0xAF, 0xE0, 0x80, 0xAF, .. "\"}"u8], "application/json")),
            ("UTF-16LE", new Body(Encoding.Unicode.GetBytes(valid), "application/json")),
            ("UTF-16 with BOM", new Body([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(valid)], "application/json")),
            ("UTF-8 BOM and a broken body", new Body([0xEF, 0xBB, 0xBF, .. "{"u8], "application/json")),
            ("raw NUL byte", new Body([.. "{"u8, 0x00, .. utf8[1..]], "application/json")),
            ("raw control character in a string", new Body([.. "{\"x\":\"a"u8, 0x01, .. "b\"}"u8], "application/json")),
            ("10000 nested arrays", Body.Json(new string('[', 10_000) + new string(']', 10_000))),
            ("5000 nested objects", Body.Json(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000))),
        };
        return list;
    }

    /// <summary>One field at a time: wrong types, null, absent, renamed, duplicated, hostile text, huge text, huge arrays.</summary>
    private static IEnumerable<(string Name, string Text, IReadOnlySet<int>? Expected)> FieldMutations(JsonSpec spec, bool multipart)
    {
        var fields = JsonMutations.Fields(spec.Base, spec.Type);
        foreach (var field in fields)
        {
            var current = JsonMutations.Navigate(spec.Base, field.Segments);
            foreach (var (name, raw) in JsonMutations.WrongTypes(field, current))
            {
                yield return ($"{field.Path}: {name}", JsonMutations.Replace(spec.Base, field.Segments, raw), BadRequest);
            }

            var optional = spec.Optional.Contains(field.Pattern);
            if (!optional)
            {
                yield return ($"{field.Path}: null", JsonMutations.Replace(spec.Base, field.Segments, "null"), BadRequest);
            }

            if (field.Segments is [string top])
            {
                if (!optional)
                {
                    yield return ($"{top}: absent", JsonMutations.Remove(spec.Base, field.Segments), BadRequest);
                    yield return ($"{top}: full-width name", JsonMutations.Rename(spec.Base, field.Segments, JsonMutations.FullWidth(top)), BadRequest);
                }

                yield return ($"{top}: duplicated key", JsonMutations.Duplicate(spec.Base, field.Segments), BadRequest);
                yield return ($"{top}: duplicated key in another case", JsonMutations.Duplicate(spec.Base, field.Segments, char.ToUpperInvariant(top[0]) + top[1..]), BadRequest);
            }
            else if (field.Segments[^1] is string nested)
            {
                yield return ($"{field.Path}: duplicated key", JsonMutations.Duplicate(spec.Base, field.Segments), BadRequest);
                yield return ($"{field.Path}: duplicated key in upper case", JsonMutations.Duplicate(spec.Base, field.Segments, nested.ToUpperInvariant()), BadRequest);
            }

            if (field.Kind == JsonKind.String)
            {
                // Hostile text needs a body that stays invalid for another reason, or an accepted request would store it.
                var anchor = spec.Anchors.FirstOrDefault(a => !a.Segments.SequenceEqual(field.Segments));
                foreach (var (name, raw) in HostileStrings.Json)
                {
                    var text = anchor.Segments is null
                        ? JsonMutations.Replace(spec.Base, field.Segments, raw)
                        : JsonMutations.Replace(spec.Base, (field.Segments, raw), (anchor.Segments, anchor.Raw));
                    yield return ($"{field.Path}: {name}" + (anchor.Segments is null ? string.Empty : $" (and {string.Join('.', anchor.Segments)}={anchor.Raw})"), text,
                        Fits(text, multipart) ? BadRequest : TooLarge);
                }

                // Alone on a valid body: length limits must refuse it (a free-form id simply finds nothing).
                var alone = JsonMutations.Replace(spec.Base, field.Segments, JsonMutations.Quote(new string('x', 100 * 1024)));
                yield return ($"{field.Path}: 100 KB on a valid body", alone, null);
            }

            if (field.Kind == JsonKind.Array)
            {
                var nulls = "[" + string.Join(',', Enumerable.Repeat("null", 10_000)) + "]";
                var withNulls = JsonMutations.Replace(spec.Base, field.Segments, nulls);
                yield return ($"{field.Path}: 10000 nulls", withNulls, Fits(withNulls, multipart) ? BadRequest : TooLarge);
                if (current is JsonArray { Count: > 0 } array && JsonMutations.Text(array[0]!) is { Length: <= 24 } element)
                {
                    var copies = JsonMutations.Replace(spec.Base, field.Segments, "[" + string.Join(',', Enumerable.Repeat(element, 10_000)) + "]");
                    yield return ($"{field.Path}: 10000 copies of its first element", copies, Fits(copies, multipart) ? BadRequest : TooLarge);
                }
            }
        }
    }

    private static bool Fits(string json, bool multipart) => multipart || Encoding.UTF8.GetByteCount(json) <= Workflow.Functions.Http.BodyLimits.Json;

    private static string PaddedTo(JsonObject valid, int bytes)
    {
        var copy = valid.DeepClone().AsObject();
        copy["padding"] = new string(' ', 8) + new string('p', bytes);
        return JsonMutations.Text(copy);
    }

    private void IdempotencyKeys(ApiRoute route, string path, Credential credential, Body valid, IReadOnlyList<Body> broken)
    {
        var keys = new (string Name, (string, string)[] Headers, IReadOnlySet<int> Expected)[]
        {
            ("empty", [("Idempotency-Key", string.Empty)], BadRequest),
            ("one character", [("Idempotency-Key", "k")], BadRequest),
            ("seven characters", [("Idempotency-Key", "1234567")], BadRequest),
            ("201 characters", [("Idempotency-Key", new string('k', 201))], BadRequest),
            ("1000 characters", [("Idempotency-Key", new string('k', 1000))], BadRequest),
            ("spaces", [("Idempotency-Key", "key with spaces 123")], BadRequest),
            ("tab", [("Idempotency-Key", "key\twith-tab-123")], BadRequest),
            ("Japanese", [("Idempotency-Key", "冪等性キー・ヘッダー値")], BadRequest),
            ("Latin-1", [("Idempotency-Key", "clé-idempotence-é")], BadRequest),
            ("full-width", [("Idempotency-Key", JsonMutations.FullWidth("hostile-key-123"))], BadRequest),
            ("control characters", [("Idempotency-Key", "key\u0001\u0002-control")], BadRequest),
            ("bidi override", [("Idempotency-Key", "key-\u202E-bidi-123")], BadRequest),
            ("two headers", [("Idempotency-Key", "hostile-key-aaaa1"), ("Idempotency-Key", "hostile-key-bbbb2")], BadRequest),
        };
        foreach (var (name, headers, expected) in keys)
        {
            Add(route, "Idempotency-Key: " + name, route.Method, path, credential, valid, headers, expected);
        }

        // Well-formed keys with refused bodies: the key's pending row must be gone afterwards.
        for (var i = 0; i < broken.Count; i++)
        {
            var key = $"hostile-{route.Function}-{i:D2}-{_random.Next():x8}";
            Add(route, "Idempotency-Key: fresh key, broken body", route.Method, path, credential, broken[i], [("Idempotency-Key", key)], null);

            // The same key again with another broken body, racing the first.
            Add(route, "Idempotency-Key: reused key, other broken body", route.Method, path, credential, broken[(i + 1) % broken.Count], [("Idempotency-Key", key)], null);
        }
    }

    // ---------------------------------------------------------------- multipart application submission

    private void Submissions(ApiRoute route)
    {
        var path = route.PathWith(_valid);
        var json = JsonMutations.Text(_application.Base);
        var pdf = _seed.Resume;
        byte[] Form(string applicationJson, byte[]? resume = null, string resumeType = "application/pdf", string fileName = "resume.pdf") =>
            Multipart.Build([Multipart.Field("application", applicationJson), Multipart.File("resume", fileName, resumeType, resume ?? pdf)]);
        void Send(string name, byte[] bytes, string? contentType, IReadOnlySet<int>? expected, params (string, string)[] headers) =>
            Add(route, "multipart: " + name, "POST", path, Credential.None, new Body(bytes, contentType), headers, expected);

        var valid = Form(json);

        // Content types.
        Send("no Content-Type", valid, null, UnsupportedType);
        Send("application/json", Encoding.UTF8.GetBytes(json), "application/json", UnsupportedType);
        Send("text/plain", valid, "text/plain", UnsupportedType);
        Send("multipart/mixed", valid, "multipart/mixed; boundary=" + Multipart.Boundary, UnsupportedType);
        Send("form-urlencoded", Encoding.UTF8.GetBytes("application=" + Uri.EscapeDataString(json)), "application/x-www-form-urlencoded", UnsupportedType);
        Send("multipart without boundary", valid, "multipart/form-data", BadOrUnsupported);
        Send("multipart with an empty boundary", valid, "multipart/form-data; boundary=", BadOrUnsupported);
        Send("multipart with another boundary", valid, Multipart.ContentType("not-the-boundary"), BadRequest);
        Send("multipart with a 100-character boundary", Multipart.Build([Multipart.Field("application", json)], new string('b', 100)),
            Multipart.ContentType(new string('b', 100)), BadRequest);

        // Structure.
        Send("empty body", [], Multipart.ContentType(), BadRequest);
        Send("no parts", Multipart.Build([]), Multipart.ContentType(), BadRequest);
        Send("no closing boundary", Multipart.Build([Multipart.Field("application", json), Multipart.File("resume", "resume.pdf", "application/pdf", pdf)], close: false),
            Multipart.ContentType(), BadRequest);
        Send("cut in the middle", valid[..(valid.Length / 2)], Multipart.ContentType(), BadRequest);
        Send("application part only", Multipart.Build([Multipart.Field("application", json)]), Multipart.ContentType(), BadRequest);
        Send("resume part only", Multipart.Build([Multipart.File("resume", "resume.pdf", "application/pdf", pdf)]), Multipart.ContentType(), BadRequest);
        Send("resume as a plain field", Multipart.Build([Multipart.Field("application", json), Multipart.Field("resume", "%PDF-1.4 not a file", "application/pdf")]),
            Multipart.ContentType(), BadRequest);
        Send("application as a file", Multipart.Build([Multipart.File("application", "application.json", "application/json", Encoding.UTF8.GetBytes(json)),
            Multipart.File("resume", "resume.pdf", "application/pdf", pdf)]), Multipart.ContentType(), BadRequest);
        Send("two application parts", Multipart.Build([Multipart.Field("application", json), Multipart.Field("application", json),
            Multipart.File("resume", "resume.pdf", "application/pdf", pdf)]), Multipart.ContentType(), BadRequest);
        Send("a text resume before a PDF one", Multipart.Build([Multipart.Field("application", json), Multipart.File("resume", "a.txt", "text/plain", "text"u8.ToArray()),
            Multipart.File("resume", "resume.pdf", "application/pdf", pdf)]), Multipart.ContentType(), BadRequest);
        Send("2000 extra fields", Multipart.Build(Enumerable.Range(0, 2000).Select(i => Multipart.Field($"x{i}", "1", "text/plain"))
            .Append(Multipart.Field("application", json)).Append(Multipart.File("resume", "resume.pdf", "application/pdf", pdf))), Multipart.ContentType(), BadRequest);
        Send("20 KB part header", Multipart.Build([new Multipart.Part($"Content-Disposition: form-data; name=\"application\"; x=\"{new string('h', 20_000)}\"", Encoding.UTF8.GetBytes(json)),
            Multipart.File("resume", "resume.pdf", "application/pdf", pdf)]), Multipart.ContentType(), BadRequest);
        Send("part without Content-Disposition", Multipart.Build([new Multipart.Part("Content-Type: application/json", Encoding.UTF8.GetBytes(json)),
            Multipart.File("resume", "resume.pdf", "application/pdf", pdf)]), Multipart.ContentType(), BadRequest);

        // The résumé.
        Send("text résumé", Form(json, "これはPDFではありません。"u8.ToArray(), "text/plain", "resume.txt"), Multipart.ContentType(), BadRequest);
        Send("PDF bytes declared text/plain", Form(json, pdf, "text/plain"), Multipart.ContentType(), BadRequest);
        Send("PDF type, HTML bytes", Form(json, "<html><script>alert(1)</script></html>"u8.ToArray()), Multipart.ContentType(), BadRequest);
        Send("PDF type, empty file", Form(json, []), Multipart.ContentType(), BadRequest);
        Send("PDF type, incomplete signature", Form(json, "%PDF"u8.ToArray()), Multipart.ContentType(), BadRequest);
        Send("PDF type, executable", Form(json, [0x4D, 0x5A, 0x90, 0x00, .. pdf]), Multipart.ContentType(), BadRequest);
        Send("PDF signature, type application/x-pdf", Form(json, pdf, "application/x-pdf"), Multipart.ContentType(), BadRequest);
        Send("PDF signature, type text/html", Form(json, pdf, "text/html"), Multipart.ContentType(), BadRequest);
        Send("résumé part without Content-Type", Multipart.Build([Multipart.Field("application", json), Multipart.File("resume", "resume.pdf", null, pdf)]),
            Multipart.ContentType(), BadRequest);

        // File names: the résumé is also declared text/plain, so that the request stays invalid whatever the name does.
        foreach (var (name, fileName) in new[]
                 {
                     ("traversal", "../../../etc/passwd"), ("backslash traversal", "..\\..\\windows\\win.ini"), ("NUL", "a\u0000b.pdf"), ("encoded NUL", "a%00.pdf"),
                     ("bidi override", "\u202Efdp.exe"), ("device name", "CON"), ("5000 characters", new string('n', 5000) + ".pdf"), ("Japanese", "職務経歴書.pdf"),
                     ("quote", "a\"b.pdf"), ("control characters", "\u0001\u001b[31m.pdf"), ("absolute path", "/etc/shadow"), ("URL", "file:///etc/passwd"),
                 })
        {
            Send("file name " + name, Form(json, pdf, "text/plain", fileName), Multipart.ContentType(), BadRequest);
        }

        Send("file name* with bidi override", Multipart.Build([Multipart.Field("application", json),
            new Multipart.Part("Content-Disposition: form-data; name=\"resume\"; filename*=UTF-8''%E2%80%AEfdp.exe\r\nContent-Type: text/plain", pdf)]), Multipart.ContentType(), BadRequest);
        Send("file name with CR LF", Form(json, pdf, "text/plain", "a\r\nX-Injected: 1"), Multipart.ContentType(), BadRequest);
        Send("part name with NUL", Multipart.Build([Multipart.Field("application", json), Multipart.File("resume\u0000", "resume.pdf", "application/pdf", pdf)]),
            Multipart.ContentType(), BadRequest);

        // The application JSON inside a valid multipart body.
        // The form reader honours a byte order mark in a part (UTF-16 with BOM reads as the valid form), so that
        // case is sent with a broken form instead; the JSON routes refuse the BOM'd body as they should.
        var application = BrokenJson(_application.Base)
            .Select(b => b.Name == "UTF-16 with BOM"
                ? ("UTF-16 with BOM and a broken form", new Body([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(json[..^1])], "application/json"))
                : b);
        foreach (var (name, body) in application)
        {
            Send("application " + name, Multipart.Build([new Multipart.Part("Content-Disposition: form-data; name=\"application\"\r\nContent-Type: application/json", body.Bytes),
                Multipart.File("resume", "resume.pdf", "application/pdf", pdf)]), Multipart.ContentType(), BadRequest);
        }

        foreach (var (name, text, _) in FieldMutations(_application, multipart: true))
        {
            Send("application " + name, Form(text), Multipart.ContentType(), name.EndsWith("100 KB on a valid body", StringComparison.Ordinal) ? null : BadRequest);
        }

        Send("application of 300 KB", Form(PaddedTo(_application.Base, 300 * 1024)), Multipart.ContentType(), BadRequest);

        // Idempotency keys on an otherwise valid submission.
        IdempotencyKeys(route, path, Credential.None, new Body(valid, Multipart.ContentType()),
            [new Body(Form("{"), Multipart.ContentType()), new Body(Form(json, "no"u8.ToArray(), "text/plain"), Multipart.ContentType())]);
    }

    // ---------------------------------------------------------------- CSV import

    private void CsvImports(ApiRoute route)
    {
        var path = route.PathWith(_valid);
        var credential = ValidCredential(route);
        const string Header = "code,name,prefecture\n";
        void Send(string name, byte[] bytes, string? type, IReadOnlySet<int> expected) => Add(route, "csv: " + name, "POST", path, credential, new Body(bytes, type), [], expected);
        void Csv(string name, string text, IReadOnlySet<int>? expected = null) => Send(name, Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", expected ?? BadRequest);

        var valid = Encoding.UTF8.GetBytes(Header + "131016,千代田区,東京都\n");
        Send("no Content-Type", valid, null, UnsupportedType);
        Send("application/json", valid, "application/json", UnsupportedType);
        Send("application/octet-stream", valid, "application/octet-stream", UnsupportedType);
        Send("Shift_JIS bytes", [.. Encoding.ASCII.GetBytes(Header + "131016,"), 0x90, 0xE7, 0x91, 0xE3, 0x93, 0x63, 0x8B, 0xE6, .. Encoding.ASCII.GetBytes(",x\n")], "text/csv", BadRequest);
        Send("Shift_JIS declared", [.. Encoding.ASCII.GetBytes(Header + "131016,"), 0x82, 0xA0, .. Encoding.ASCII.GetBytes(",x\n")], "text/csv; charset=shift_jis", BadRequest);
        const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Send("xlsx declared, CSV bytes", valid, XlsxType, BadRequest);
        Send("xlsx declared, an empty zip", [0x50, 0x4B, 0x05, 0x06, .. new byte[18]], XlsxType, BadRequest);
        Send("zip bytes declared as CSV", [0x50, 0x4B, 0x03, 0x04, .. new byte[60]], "text/csv", BadRequest);
        Send("2.5 MB", Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Repeat("000000,x,y\n", 240_000))), "text/csv", TooLarge);
        Csv("empty", string.Empty);
        Csv("wrong header", "id,name,prefecture\n131016,千代田区,東京都\n");
        Csv("duplicated header", "code,code,prefecture\n131016,131016,東京都\n");
        Csv("two columns", "code,name\n131016,千代田区\n");
        Csv("bad check digit", Header + "131017,千代田区,東京都\n");
        Csv("prefecture of another code", Header + "131016,千代田区,大阪府\n");
        Csv("unknown prefecture", Header + "131016,千代田区,東京府\n");
        Csv("a valid row and a bad one", Header + "131016,千代田区,東京都\n271004,大阪市,東京都\n");
        Csv("name of 100 KB", Header + "131016," + new string('名', 100 * 1024 / 3) + ",東京都\n");
        Csv("NUL in name, bad code", Header + "131017,千代\u0000田区,東京都\n");
        Csv("control characters in name, bad code", Header + "131017,\u0001\u001b[31m千代田区,東京都\n");
        Csv("bidi override in name, bad code", Header + "131017,\u202E区田代千,東京都\n");
        Csv("formula injection, bad code", Header + "131017,\"=HYPERLINK(\"\"http://x.example/\"\",\"\"x\"\")\",東京都\n");
        Csv("unterminated quote", Header + "131016,\"千代田区,東京都\n");
        Csv("five columns", Header + "131016,千代田区,東京都,x,y\n");
        Csv("full-width code, other prefecture", Header + "１３１０１６,千代田区,大阪府\n");
        Csv("newline inside quotes, bad code", Header + "131017,\"千代田\n区\",東京都\n");
        Csv("BOM and a bad row", "\uFEFF" + Header + "999999,x,y\n");
        Csv("20000 bad rows", Header + string.Concat(Enumerable.Repeat("000000,x,y\n", 20_000)));
        Csv("traversal in name, bad code", Header + "131017,../../etc/passwd,東京都\n");
        Csv("lone CR line ends, bad prefecture", "code,name,prefecture\r131016,千代田区,大阪府\r");
    }

    // ---------------------------------------------------------------- contract upload

    private void Contracts(ApiRoute route)
    {
        var path = route.PathWith(_valid);
        var credential = ValidCredential(route);
        var pdf = _seed.Resume;
        void Send(string name, Body body, IReadOnlySet<int> expected) => Add(route, "contract: " + name, "PUT", path, credential, body, [], expected);

        Send("PDF bytes declared text/plain", new Body(pdf, "text/plain"), BadRequest);
        Send("PDF type, HTML bytes", new Body("<html></html>"u8.ToArray(), "application/pdf"), BadRequest);
        Send("PDF type, empty", new Body([], "application/pdf"), BadRequest);
        Send("no Content-Type", new Body(pdf, null), BadRequest);
        Send("JSON", Body.Json("{\"contract\":\"%PDF-1.4\"}"), BadRequest);
        Send("chunked, no Content-Length", new Body(pdf, "application/pdf", Chunked: true), TooLarge);
        Send("PDF inside multipart", new Body(Multipart.Build([Multipart.File("contract", "c.pdf", "application/pdf", pdf)]), Multipart.ContentType()), BadRequest);
        Send("incomplete signature", new Body("%PDF"u8.ToArray(), "application/pdf"), BadRequest);
        Send("type application/x-pdf", new Body(pdf, "application/x-pdf"), BadRequest);
        Send("executable", new Body([0x4D, 0x5A, 0x90, 0x00], "application/pdf"), BadRequest);
    }

    // ---------------------------------------------------------------- helpers

    private void Add(ApiRoute route, string mutation, string method, string pathAndQuery, Credential credential, Body? body,
        IReadOnlyList<(string Name, string Value)> headers, IReadOnlySet<int>? expected) =>
        _requests.Add(new HostileRequest(_requests.Count, route.Function, mutation, method, pathAndQuery, credential, body, headers, expected));

    /// <summary>The valid body of a route, for requests spoiled somewhere else; the valid body alone never goes out on a valid route.</summary>
    private Body? ValidBody(ApiRoute route) => route.Function switch
    {
        "SubmitApplication" => new Body(Multipart.Build([Multipart.Field("application", JsonMutations.Text(_application.Base)),
            Multipart.File("resume", "resume.pdf", "application/pdf", _seed.Resume)]), Multipart.ContentType()),
        "ImportMunicipalities" => new Body(Encoding.UTF8.GetBytes("code,name,prefecture\n131016,千代田区,東京都\n"), "text/csv"),
        "UploadContract" => new Body(_seed.Resume, "application/pdf"),
        _ => _json.TryGetValue(route.Function, out var spec) ? Body.Json(JsonMutations.Text(spec.Base)) : null,
    };

    private static ActorRole? PreferredRole(ApiRoute route) =>
        route.IsPublic ? null : RolePreference.First(route.Access.Allows);

    private Credential ValidCredential(ApiRoute route) => CredentialFor(PreferredRole(route));

    /// <summary>Each allowed role in turn, so that route values meet every role's scope checks.</summary>
    private ActorRole? NextRole(ApiRoute route)
    {
        if (route.IsPublic)
        {
            return null;
        }

        var allowed = RolePreference.Where(route.Access.Allows).ToList();
        return allowed[_roleTurn++ % allowed.Count];
    }

    private Credential CredentialFor(ActorRole? role) => role switch
    {
        null => Credential.None,
        ActorRole.Applicant => Credential.Raw("applicant", (AccessGate.ApplicantTokenHeader, _seed.ApplicantToken)),
        { } staff => Staff(staff),
    };

    private Credential Staff(ActorRole role) =>
        new(role.ToString().ToLowerInvariant(), i => [("Authorization", "Bearer " + TestSignIn.Token(role, Scoped(role), Municipality(role), Credential.SubjectOf(i)))]);

    private string[]? Scoped(ActorRole role) => role is ActorRole.Operator or ActorRole.Reviewer ? [_seed.RoundId] : null;

    private static string? Municipality(ActorRole role) => role == ActorRole.Municipality ? SeededRound.MunicipalityCode : null;

    /// <summary>A token signed with the local host's real key, carrying whatever claims the case needs.</summary>
    private static Credential Signed(string name, Dictionary<string, object> claims, DateTime? notBefore = null)
    {
        var from = notBefore ?? DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestSignIn.Issuer.Issuer,
            Audience = TestSignIn.Issuer.Audience,
            IssuedAt = DateTime.UtcNow,
            NotBefore = from,
            Expires = from.AddHours(1),
            Claims = claims,
            SigningCredentials = TestSignIn.Issuer.Credentials,
        });
        return Credential.Raw(name, ("Authorization", "Bearer " + token));
    }

    /// <summary>A token that claims everything and is signed by nothing ("alg": "none").</summary>
    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string UnsignedToken(ActorRole role)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var payload = $"{{\"iss\":\"{TestSignIn.Issuer.Issuer}\",\"aud\":\"{TestSignIn.Issuer.Audience}\",\"sub\":\"forged\",\"roles\":[\"{ActorClaims.RoleValue(role)}\"]," +
                      $"\"rounds\":[\"{_seed.RoundId}\"],\"municipality\":\"{SeededRound.MunicipalityCode}\",\"exp\":{exp}}}";
        return $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url(payload)}.";
    }
}
