using Authgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Authgate.EfDesign;

/// <summary>
/// The context as `dotnet ef` builds it, on the provider AUTHGATE_EF_PROVIDER names (sqlite by default): a compiled
/// model holds the provider's type mappings, so each provider has its own. No database is opened.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AuthDbContext>
{
    public AuthDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AuthDbContext>();
        if (Environment.GetEnvironmentVariable("AUTHGATE_EF_PROVIDER") == "postgres")
        {
            options.UseNpgsql("Host=localhost");
        }
        else
        {
            options.UseSqlite("Data Source=:memory:");
        }

        return new AuthDbContext(options.Options);
    }
}
