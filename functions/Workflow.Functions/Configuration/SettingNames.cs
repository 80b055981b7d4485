namespace Workflow.Functions.Configuration;

/// <summary>
/// Every configuration key the app reads, in one place, so that the deployment templates can be checked against it.
/// Keys use the Functions convention: ':' in code, '__' in app settings and environment variables.
/// </summary>
public static class SettingNames
{
    /// <summary>
    /// The storage account of the app, of Durable Functions and of the documents. Locally a connection string
    /// (UseDevelopmentStorage=true); in Azure an identity-based connection given by the keys below.
    /// </summary>
    public const string Storage = "AzureWebJobsStorage";

    public const string StorageBlobServiceUri = "AzureWebJobsStorage:blobServiceUri";
    public const string StorageQueueServiceUri = "AzureWebJobsStorage:queueServiceUri";
    public const string StorageTableServiceUri = "AzureWebJobsStorage:tableServiceUri";

    /// <summary>"managedidentity" in Azure: the app's user-assigned identity.</summary>
    public const string StorageCredential = "AzureWebJobsStorage:credential";

    /// <summary>Client id of the user-assigned managed identity.</summary>
    public const string StorageClientId = "AzureWebJobsStorage:clientId";

    /// <summary>
    /// Optional prefix of every table and container name the app creates. Empty in Azure; tests set it so that
    /// each test run has its own tables and containers on a shared emulator.
    /// </summary>
    public const string StoragePrefix = "Workflow:StoragePrefix";

    /// <summary>
    /// "true" makes the local host count every storage request of the app's and the engine's clients and serve the
    /// counts at GET /local/storage-requests (for ./workflow bench). Never set in Azure.
    /// </summary>
    public const string CountStorageRequests = "Workflow:CountStorageRequests";

    /// <summary>
    /// Local only: a crash point ("name" or "name,count") at which the process kills itself, for the crash tests
    /// (Platform/CrashPoints). The app refuses to start with it in Azure.
    /// </summary>
    public const string CrashAt = "Workflow:CrashAt";

    /// <summary>Overrides host.json's durable task hub name, as Azure Functions itself allows.</summary>
    public const string TaskHubNameOverride = "AzureFunctionsJobHost:extensions:durableTask:hubName";

    /// <summary>
    /// Override host.json's orchestration versioning (ADR 0021), as Azure Functions allows for any host.json value:
    /// the version new orchestrations are stamped with and this worker's own, how it matches an instance's version,
    /// and what it does with one that does not match. Never set in Azure (host.json says it); tests set the version
    /// so that one build plays two deployments.
    /// </summary>
    public const string DefaultVersionOverride = "AzureFunctionsJobHost:extensions:durableTask:defaultVersion";

    /// <inheritdoc cref="DefaultVersionOverride"/>
    public const string VersionMatchStrategyOverride = "AzureFunctionsJobHost:extensions:durableTask:versionMatchStrategy";

    /// <inheritdoc cref="DefaultVersionOverride"/>
    public const string VersionFailureStrategyOverride = "AzureFunctionsJobHost:extensions:durableTask:versionFailureStrategy";

    /// <summary>The issuer staff tokens must name: Entra ID's v2.0 issuer of the tenant in Azure, the development issuer locally.</summary>
    public const string SignInIssuer = "Workflow:SignIn:Issuer";

    /// <summary>The audience staff tokens must name: the app registration's application id URI or client id.</summary>
    public const string SignInAudience = "Workflow:SignIn:Audience";

    /// <summary>The issuer's OpenID Connect metadata (https), from which the signing keys are read and refreshed.</summary>
    public const string SignInMetadataAddress = "Workflow:SignIn:MetadataAddress";

    /// <summary>The client id the staff sign-in page (MSAL.js) signs in as: the app registration's in Azure.</summary>
    public const string SignInClientId = "Workflow:SignIn:ClientId";

    /// <summary>
    /// The authority the sign-in page sends browsers to (https): https://login.microsoftonline.com/&lt;tenant&gt; in
    /// Azure, the local host's development provider locally (which sets it at start).
    /// </summary>
    public const string SignInAuthority = "Workflow:SignIn:Authority";

    /// <summary>The scope the sign-in page asks for, whose access token the app accepts: api://&lt;client id&gt;/access_as_user in Azure.</summary>
    public const string SignInScope = "Workflow:SignIn:Scope";

    /// <summary>
    /// Local only: the SHA-256 thumbprint of the development provider's self-signed https certificate, the one
    /// certificate the app trusts when it reads that provider's metadata (ADR 0023). The local host sets it at start;
    /// the app refuses to start with it in Azure.
    /// </summary>
    public const string SignInDevelopmentCertificate = "Workflow:SignIn:DevelopmentCertificateThumbprint";

    /// <summary>
    /// The most days a week of accepted appointments one person may hold at once (1–7; 5 unless set): the default
    /// until the ministry sets the limit on its dashboard, which then stands (Appoint/AppointmentLimits, ADR 0016).
    /// </summary>
    public const string AppointmentMaxDaysPerWeek = "Workflow:Appointments:MaxDaysPerWeek";

    /// <summary>Days applicants' personal data is kept after appointments end; 365 unless set.</summary>
    public const string PrivacyRetentionDays = "Workflow:Privacy:RetentionDays";

    /// <summary>
    /// The NCRONTAB schedule (six fields, with seconds) on which every business-log chain's head is sealed. A timer
    /// trigger names it as %WorkflowLogSealSchedule%, which the host resolves from app settings: hence a flat name.
    /// </summary>
    public const string LogSealSchedule = "WorkflowLogSealSchedule";

    /// <summary>
    /// Where telemetry goes (ADR 0020): "AzureMonitor", "Otlp", "Console", "File" or "None". Unset: Azure Monitor where
    /// <see cref="ApplicationInsightsConnectionString"/> is set, OTLP where <see cref="OtlpEndpoint"/> is, else none.
    /// </summary>
    public const string TelemetryExporter = "Workflow:Telemetry:Exporter";

    /// <summary>Local only: the file that the "File" exporter appends JSON lines to.</summary>
    public const string TelemetryFile = "Workflow:Telemetry:File";

    /// <summary>Application Insights' connection string; the platform's own setting, read by the worker's exporter too.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The OpenTelemetry SDK's own variable for an OTLP collector (http://127.0.0.1:4317 for a local one).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>How notices are mailed: "smtp" (MailKit; locally to smtp4dev) or "graph" (Microsoft Graph sendMail as the app's identity).</summary>
    public const string MailTransport = "Workflow:Mail:Transport";

    /// <summary>The sending address; with "graph", the mailbox the app's identity sends as.</summary>
    public const string MailFrom = "Workflow:Mail:From";

    public const string MailSmtpHost = "Workflow:Mail:SmtpHost";

    public const string MailSmtpPort = "Workflow:Mail:SmtpPort";

    /// <summary>Where the ministry's notices (appointment reports) are mailed; none, and they stay on its page.</summary>
    public const string MailMinistryAddress = "Workflow:Mail:MinistryAddress";

    /// <summary>The address people reach the app's pages at, for the links in mail (https://….azurewebsites.net/).</summary>
    public const string PublicBaseUrl = "Workflow:PublicBaseUrl";

    /// <summary>The NCRONTAB schedule of the mail dispatcher (a timer trigger, hence a flat name).</summary>
    public const string MailDispatchSchedule = "WorkflowMailDispatchSchedule";

    /// <summary>The NCRONTAB schedule of the reminders before sessions and deadlines (a timer trigger, hence a flat name).</summary>
    public const string ReminderSchedule = "WorkflowReminderSchedule";

    /// <summary>
    /// The NCRONTAB schedule on which expired idempotency records and past request counts are removed
    /// (Platform/PurgeExpiredRecords; a timer trigger, hence a flat name).
    /// </summary>
    public const string PurgeSchedule = "WorkflowPurgeSchedule";

    /// <summary>
    /// The NCRONTAB schedule of erasure after the retention period: proposes who is due and erases what the ministry
    /// approved (Apply/RetentionErasures; a timer trigger, hence a flat name).
    /// </summary>
    public const string ErasureSchedule = "WorkflowErasureSchedule";

    /// <summary>
    /// The Key Vault key (EC P-256, https://{vault}.vault.azure.net/keys/{name}) that signs every 修了証; the app's
    /// identity signs with it in the vault and never holds the private key (ADR 0015).
    /// </summary>
    public const string CertificateKeyVaultKeyUri = "Workflow:Certificates:KeyVaultKeyUri";

    /// <summary>
    /// Local only: the PEM file of the development key that signs 修了証 (created on first use). The app refuses to
    /// start with it in Azure.
    /// </summary>
    public const string CertificateDevelopmentKeyPath = "Workflow:Certificates:DevelopmentKeyPath";

    /// <summary>
    /// "required" where Defender for Storage scans every upload (Azure): a résumé opens only with the scanner's clean
    /// verdict. "optional" (the default, locally): it opens unless found malicious (Apply/ResumeScans).
    /// </summary>
    public const string ResumeScanVerdict = "Workflow:Documents:ResumeScanVerdict";

    /// <summary>
    /// The settings a deployment in Azure must provide: storage by identity, who issues staff tokens, mail, and the
    /// key that signs 修了証.
    /// </summary>
    public static IReadOnlyList<string> RequiredInAzure { get; } =
    [
        StorageBlobServiceUri,
        StorageQueueServiceUri,
        StorageTableServiceUri,
        StorageCredential,
        StorageClientId,
        SignInIssuer,
        SignInAudience,
        SignInMetadataAddress,
        SignInClientId,
        SignInAuthority,
        SignInScope,
        LogSealSchedule,
        MailTransport,
        MailFrom,
        MailMinistryAddress,
        PublicBaseUrl,
        MailDispatchSchedule,
        ReminderSchedule,
        PurgeSchedule,
        ErasureSchedule,
        CertificateKeyVaultKeyUri,
        ResumeScanVerdict,
        TelemetryExporter,
        ApplicationInsightsConnectionString,
    ];

    /// <summary>Converts a configuration key to the app-setting name Azure uses ("a:b" becomes "a__b").</summary>
    public static string AsAppSetting(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
