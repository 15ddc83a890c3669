namespace Authgate.Storage.Entities;

/// <summary>A piece of an export job's gzipped file, in the database so any node can serve the download.</summary>
internal sealed class JobChunk
{
    public required string JobId { get; set; }
    public int Seq { get; set; }
    public required byte[] Data { get; set; }
}
