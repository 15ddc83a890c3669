namespace Authgate.Storage.Entities;

/// <summary>One refused user of an import job: the user as given (without hashes) and Auth0-style error codes.</summary>
internal sealed class JobError
{
    public required string JobId { get; set; }
    public long Seq { get; set; }
    public required string UserJson { get; set; }
    public required string ErrorsJson { get; set; }
}
