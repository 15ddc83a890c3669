using System.Globalization;
using Authgate.Hosting;
using Microsoft.Extensions.Options;

namespace Authgate.Delivery;

/// <summary>
/// Where email and SMS go when no SMTP host or SMS webhook is configured: one owner-only text file per message in
/// <c>{DataDirectory}/outbox</c>, for development or for a relay that picks the files up. A message appears under its
/// <c>.txt</c> name only once written whole: it is written under a hidden temporary name and then renamed.
/// </summary>
internal sealed class FileDropTransport(IOptions<AuthgateOptions> options, TimeProvider time)
{
    public async Task WriteAsync(string channel, string messageId, OutboxPayload message, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.Value.DataDirectory, "outbox");
        Security.PrivateFiles.CreateDirectory(options.Value.DataDirectory);
        Security.PrivateFiles.CreateDirectory(directory);
        var name = $"{time.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}-{channel}-{messageId}.txt";
        // A retry after a crash finds the file written (or a partial temporary one): writing it again is harmless.
        var partial = Path.Combine(directory, "." + name + ".partial");
        await using (var stream = new FileStream(partial, Security.PrivateFiles.NewFile(FileMode.Create)))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(message.Subject is null
                ? $"To: {message.To}\n\n{message.Text}\n"
                : $"To: {message.To}\nSubject: {message.Subject}\n\n{message.Text}\n");
        }

        File.Move(partial, Path.Combine(directory, name), overwrite: true);
    }
}
