using System.Text;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Authgate.Storage;

/// <summary>The one DbContext. The schema itself is created by <see cref="SchemaMigrator"/> from versioned SQL scripts.</summary>
internal sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : DbContext(options)
{
    public DbSet<TenantSettings> TenantSettings => Set<TenantSettings>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ResourceServer> ResourceServers => Set<ResourceServer>();
    public DbSet<Connection> Connections => Set<Connection>();
    public DbSet<User> Users => Set<User>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ClientGrant> ClientGrants => Set<ClientGrant>();
    public DbSet<ClientCredential> ClientCredentials => Set<ClientCredential>();
    public DbSet<LogEvent> Logs => Set<LogEvent>();
    public DbSet<AttackProtectionRow> AttackProtection => Set<AttackProtectionRow>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();
    public DbSet<UserRole> UserRoles => Set<UserRole>();
    public DbSet<UserPermission> UserPermissions => Set<UserPermission>();
    public DbSet<ActionDefinition> Actions => Set<ActionDefinition>();
    public DbSet<ActionVersion> ActionVersions => Set<ActionVersion>();
    public DbSet<ActionBinding> ActionBindings => Set<ActionBinding>();
    public DbSet<Rule> Rules => Set<Rule>();
    public DbSet<RulesConfig> RulesConfigs => Set<RulesConfig>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<JobError> JobErrors => Set<JobError>();
    public DbSet<JobChunk> JobChunks => Set<JobChunk>();
    public DbSet<DashboardAdmin> DashboardAdmins => Set<DashboardAdmin>();
    public DbSet<DashboardSession> DashboardSessions => Set<DashboardSession>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<GuardianFactor> GuardianFactors => Set<GuardianFactor>();
    public DbSet<GuardianPolicy> GuardianPolicies => Set<GuardianPolicy>();
    public DbSet<MfaAuthenticator> MfaAuthenticators => Set<MfaAuthenticator>();
    public DbSet<MfaTransaction> MfaTransactions => Set<MfaTransaction>();
    public DbSet<MfaOobCode> MfaOobCodes => Set<MfaOobCode>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are Unix milliseconds on every provider: they compare the same on SQLite and PostgreSQL.
        configurationBuilder.Properties<DateTime>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuthDbContext).Assembly);

        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Internal, not private: the compiled models (Storage/CompiledModels) construct it.</summary>
    internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTime, long>(
        v => UnixMilliseconds.ToStored(v),
        v => UnixMilliseconds.ToDateTime(v));
}
