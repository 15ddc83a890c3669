using System.Collections;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Tenants.DeployCli;

/// <summary>The exported Auth0 tenant in tests/deploy-cli/export (the a0deploy round trip imports it too), and scratch exports.</summary>
internal static class DeployCliExports
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "deploy-cli", "export");

    /// <summary>a0deploy's config.json, whose AUTH0_KEYWORD_REPLACE_MAPPINGS are the keywords.</summary>
    public static string Config => Path.Combine(Folder, "config.json");

    public static TheoryData<string> Formats => new() { "yaml", "directory" };

    /// <summary>tenant.yaml for "yaml", the export directory for "directory".</summary>
    public static string PathOf(string format) => format == "yaml" ? Path.Combine(Folder, "yaml", "tenant.yaml") : Path.Combine(Folder, "directory");

    /// <summary>Reads an export with the config's keywords and the given environment (none by default: tests must not depend on it).</summary>
    public static TenantSource Read(string path, IDictionary? environment = null) =>
        TenantFileReader.Read(path, Config, environment ?? new Hashtable());

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-deploy-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A scratch directory holding <paramref name="yaml"/> as tenant.yaml; returns the file.</summary>
    public static string WriteYaml(string yaml)
    {
        var file = Path.Combine(NewDirectory(), "tenant.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }
}
