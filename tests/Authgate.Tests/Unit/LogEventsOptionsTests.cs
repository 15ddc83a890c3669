using System.ComponentModel.DataAnnotations;
using Authgate.Logs;

namespace Authgate.Tests.Unit;

/// <summary>The tenant log writer's settings are checked at start: a value that would stop the writer is refused.</summary>
public sealed class LogEventsOptionsTests
{
    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:00.050", true)]
    [InlineData("01:00:00", true)]
    [InlineData("-00:00:00.001", false)]
    [InlineData("01:00:01", false)]
    public void The_batch_window_must_be_between_zero_and_an_hour(string window, bool valid)
    {
        var options = new LogEventsOptions { BatchWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) };

        Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true).Should().Be(valid);
    }
}
