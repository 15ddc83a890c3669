using System.Xml.Linq;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Authgate.Dashboard;

/// <summary>
/// Keeps ASP.NET Core's Data Protection keys (which seal the dashboard's antiforgery tokens) in the shared database,
/// sealed with the server's encryption key: a form rendered by one node is accepted by every other.
/// </summary>
internal sealed class DatabaseXmlRepository(IServiceScopeFactory scopes, SecretProtector protector, TimeProvider time) : IXmlRepository
{
    private const string Purpose = "data_protection.key";

    /// <summary>
    /// Outside EF (see <see cref="HotConnections.RowsAsync"/>): Data Protection reads its key ring while the host
    /// starts. The interface is synchronous; SQLite answers synchronously anyway. The connections are resolved here,
    /// not injected: this repository is made while options are configured, before the start reports a bad database
    /// setting in one line.
    /// </summary>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<HotConnections>().RowsAsync("SELECT xml_protected FROM data_protection_keys", CancellationToken.None).GetAwaiter().GetResult()
            .Select(row => XElement.Parse(protector.Unprotect((string)row[0]!, Purpose))).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            Id = friendlyName.Length <= 64 ? friendlyName : RandomValues.Hex(16),
            XmlProtected = protector.Protect(element.ToString(SaveOptions.DisableFormatting), Purpose),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        db.SaveChanges();
    }
}
