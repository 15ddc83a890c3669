using System.Collections;
using Authgate.Tenants.DeployCli;

namespace Authgate.Tenants;

/// <summary>
/// Reads a tenant file in each format Authgate accepts, for <c>--seed</c>, <c>authgate init --seed</c> and
/// <c>authgate import</c> alike: Authgate's JSON tenant file, an Auth0 Deploy CLI <c>tenant.yaml</c> (<c>.yaml</c> or
/// <c>.yml</c>), or a Deploy CLI export directory. Keyword replacement applies to the Deploy CLI formats.
/// </summary>
internal static class TenantFileReader
{
    /// <param name="keywordsFile">Keyword mappings for a Deploy CLI export (JSON, or a0deploy's config.json).</param>
    /// <param name="environment">Environment variables, which also serve as keywords (as with a0deploy).</param>
    public static TenantSource Read(string path, string? keywordsFile, IDictionary environment)
    {
        if (Directory.Exists(path))
        {
            var notes = new List<string>();
            var assets = DeployCliReader.ReadDirectory(path, KeywordMappings.Load(keywordsFile, environment), notes);
            return DeployCliImport.ToTenantSource(assets, notes);
        }

        if (!File.Exists(path))
        {
            throw new TenantFileException($"file not found ({Path.GetFullPath(path)}).");
        }

        if (DeployCliReader.IsYaml(path))
        {
            var notes = new List<string>();
            var assets = DeployCliReader.ReadYaml(path, KeywordMappings.Load(keywordsFile, environment), notes);
            return DeployCliImport.ToTenantSource(assets, notes);
        }

        return new TenantSource(TenantDocument.Load(path), [], []);
    }
}
