using Authgate.Admin;
using Authgate.Clients;
using Authgate.Connections;
using Authgate.Endpoints;
using Authgate.Grants;
using Authgate.Issuance;
using Authgate.Logs;
using Authgate.Management;
using Authgate.Observability;
using Authgate.Protection;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Tenants;
using Authgate.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Authgate.Hosting;

/// <summary>One <c>Add…</c> per feature; <see cref="AddAuthgate"/> is the table of contents.</summary>
internal static class AuthgateServices
{
    public static WebApplicationBuilder AddAuthgate(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthgateOptions>().BindConfiguration(AuthgateOptions.Section).ValidateAtStart<AuthgateOptions, Hosting.AuthgateOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<NativeHeapTrimmer>();
        // A background task that fails (the database is down) logs and carries on; it must never stop the node.
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.Services.AddSingleton<Issuer>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseKestrelErrorBodies()));

        builder.AddObservability();
        builder.AddStorage();
        builder.AddSecurity();
        builder.AddConnections();
        builder.AddTokens();
        builder.AddGrants();
        builder.AddProtocolEndpoints();
        builder.AddLogEvents();
        builder.AddAdmin();
        builder.AddManagement();
        builder.AddProtection();
        builder.AddScripting();
        builder.AddJobs();
        Dashboard.DashboardServices.AddDashboard(builder);
        builder.AddMfa();
        builder.AddDelivery();
        builder.Services.AddScoped<TenantSeeder>();
        builder.Services.AddScoped<TenantExporter>();
        return builder;
    }

    private static void AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EncryptionKey>();
        builder.Services.AddSingleton<SecretProtector>();
    }

    private static void AddConnections(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section).ValidateAtStart<PasswordHashingOptions, Hosting.PasswordHashingOptionsValidator>();
        builder.Services.AddOptions<HashingLaneOptions>().BindConfiguration(HashingLaneOptions.Section).ValidateAtStart<HashingLaneOptions, Hosting.HashingLaneOptionsValidator>();
        builder.Services.AddSingleton<HashingLane>();
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddScoped<DatabaseDirectory>();
        builder.Services.AddScoped<IPasswordDirectory>(services => services.GetRequiredService<DatabaseDirectory>());
        builder.Services.AddScoped<IPasswordDirectory, Connections.Ldap.LdapDirectory>();
        builder.Services.AddSingleton<Connections.Ldap.LdapPools>();
        builder.Services.AddScoped<IPasswordDirectory, Connections.CustomDatabase.CustomDatabaseDirectory>();
        builder.Services.AddSingleton<Connections.CustomDatabase.CustomDatabases>();
        builder.Services.AddSingleton<Connections.CustomDatabase.CustomScripts>();
        builder.Services.AddScoped<PasswordDirectories>();
    }

    private static void AddTokens(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RsaKeySource>();
        builder.Services.AddSingleton<SigningKeyFactory>();
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddHostedService<SigningKeyRefresher>();
        builder.Services.AddSingleton<UserInfoTokenKeys>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddScoped<ApiResolver>();
        builder.Services.AddSingleton<UserInfoTokenValidator>();
        builder.Services.AddOptions<RefreshTokenOptions>().BindConfiguration(RefreshTokenOptions.Section).ValidateAtStart<RefreshTokenOptions, Hosting.RefreshTokenOptionsValidator>();
        builder.Services.AddSingleton<RefreshTokenValues>();
        builder.Services.AddScoped<RefreshTokenStore>();
        builder.Services.AddScoped<RefreshTokenPurger>();
        builder.Services.AddHostedService<RefreshTokenHousekeeping>();
    }

    private static void AddGrants(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ClientAuthenticator>();
        builder.Services.AddScoped<ClientAssertions>();
        builder.Services.AddScoped<PasswordLogin>();
        builder.Services.AddScoped<ApiAccess>();
        builder.Services.AddScoped<ClientCredentialsQuota>();
        builder.Services.AddScoped<TokenIssuance>();
        builder.Services.AddScoped<Rbac.UserAuthorization>();
        builder.Services.AddScoped<IMultifactorGate, Mfa.MultifactorGate>();
        builder.Services.AddGrantHandlers();
    }

    private static void AddProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProtectionOptions>().BindConfiguration(ProtectionOptions.Section).ValidateAtStart<ProtectionOptions, Hosting.ProtectionOptionsValidator>();
        builder.Services.AddOptions<BreachedPasswordOptions>().BindConfiguration(BreachedPasswordOptions.Section);
        builder.Services.AddSingleton<BreachedPasswords>();
        builder.Services.AddScoped<AttackProtectionStore>();
        builder.Services.AddScoped<BruteForceCounter>();
        builder.Services.AddScoped<SuspiciousIpThrottle>();
        builder.Services.AddScoped<UnblockTickets>();
        builder.Services.AddScoped<UserBlocks>();
        builder.Services.AddScoped<LoginProtection>();
        builder.Services.AddScoped<BreachedPasswordPolicy>();
        // Singletons: the counter remembers keys already refused for the rest of their window; the hold counts what it holds.
        builder.Services.AddSingleton<RateLimitCounter>();
        builder.Services.AddSingleton<RefusalHold>();
        builder.Services.TryAddScoped<IBlockNotificationSender, OutboxNotificationSender>();
    }

    private static void AddManagement(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        builder.Services.AddOptions<ManagementApiOptions>().BindConfiguration(ManagementApiOptions.Section).ValidateAtStart<ManagementApiOptions, Hosting.ManagementApiOptionsValidator>();
        builder.Services.AddSingleton<ManagementTokenValidator>();
        builder.Services.AddSingleton<ManagementAuthFilter>();
        builder.Services.AddScoped<ManagementBootstrap>();
        builder.Services.AddScoped<Admin.Roles.RoleService>();
        builder.Services.AddScoped<Admin.Roles.UserRoleService>();
        builder.Services.AddScoped<Admin.Actions.ActionService>();
        builder.Services.AddScoped<Admin.Rules.RuleService>();
        builder.Services.AddScoped<Admin.Guardian.GuardianFactorService>();
        builder.Services.AddScoped<Admin.Guardian.GuardianPolicyService>();
        builder.Services.AddScoped<Admin.Guardian.EnrollmentService>();
    }

    private static void AddScripting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Scripting.ScriptingOptions>().BindConfiguration(Scripting.ScriptingOptions.Section).ValidateAtStart<Scripting.ScriptingOptions, Hosting.ScriptingOptionsValidator>();
        builder.Services.AddSingleton<Scripting.ScriptSandbox>();
        builder.Services.AddSingleton<Scripting.ScriptFetch>();
        builder.Services.AddSingleton<Actions.ScriptCatalog>();
        builder.Services.AddSingleton<Actions.ActionCache>();
        builder.Services.AddScoped<Actions.TriggerRunner>();
    }

    private static void AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Jobs.JobsOptions>().BindConfiguration(Jobs.JobsOptions.Section).ValidateAtStart<Jobs.JobsOptions, Hosting.JobsOptionsValidator>();
        builder.Services.AddSingleton<Jobs.JobRunner>();
        builder.Services.AddSingleton<Jobs.DownloadLinks>();
        builder.Services.AddScoped<Jobs.JobService>();
        builder.Services.AddScoped<Jobs.UserImporter>();
        builder.Services.AddScoped<Jobs.UserExporter>();
    }

    private static void AddMfa(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Mfa.MfaOptions>().BindConfiguration(Mfa.MfaOptions.Section).ValidateAtStart<Mfa.MfaOptions, Hosting.MfaOptionsValidator>();
        builder.Services.AddScoped<Mfa.MfaSettings>();
        builder.Services.AddScoped<Mfa.MfaTransactions>();
        builder.Services.AddScoped<Mfa.MfaDecisions>();
        builder.Services.AddScoped<Mfa.MfaGrantSteps>();
        builder.Services.AddScoped<Mfa.Authenticators>();
        builder.Services.AddScoped<Mfa.TotpCodes>();
        builder.Services.AddScoped<Mfa.AttemptBuckets>();
        builder.Services.AddScoped<Mfa.OobCodes>();
        builder.Services.AddScoped<Mfa.MfaCallers>();
        builder.Services.AddScoped<Mfa.Enrollment>();
        builder.Services.AddScoped<Mfa.Challenges>();
        builder.Services.AddSingleton<Mfa.MfaApiTokens>();
        builder.Services.AddSingleton<Mfa.MfaEvents>();
    }

    private static void AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Delivery.DeliveryOptions>().BindConfiguration(Delivery.DeliveryOptions.Section).ValidateAtStart<Delivery.DeliveryOptions, Hosting.DeliveryOptionsValidator>();
        builder.Services.AddSingleton<Delivery.OutboxSignal>();
        builder.Services.AddSingleton<Delivery.FileDropTransport>();
        builder.Services.TryAddSingleton<Delivery.IEmailTransport, Delivery.SmtpEmailTransport>();
        builder.Services.TryAddSingleton<Delivery.ISmsTransport, Delivery.WebhookSmsTransport>();
        builder.Services.AddScoped<Delivery.Outbox>();
        builder.Services.AddSingleton<Delivery.OutboxSender>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Delivery.OutboxSender>());
    }

    private static void AddLogEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LogEventsOptions>().BindConfiguration(LogEventsOptions.Section).ValidateAtStart<LogEventsOptions, Hosting.LogEventsOptionsValidator>();
        builder.Services.AddSingleton<LogEvents>();
        builder.Services.AddHostedService<LogEventWriter>();
    }

    private static void AddProtocolEndpoints(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DiscoveryDocument>();
        builder.Services.AddExceptionHandler<ProtocolExceptionHandler>();
        builder.Services.AddProblemDetails();
    }
}
