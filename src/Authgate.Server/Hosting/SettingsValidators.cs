using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Authgate.Hosting;

/// <summary>
/// Each settings section's data-annotation checks (<c>[Range]</c>, <c>[Required]</c>, …) as code generated at compile
/// time, checked at start: the same attributes without the reflection over every property that
/// <c>ValidateDataAnnotations</c> does, and the generator also checks nested sections marked
/// <c>[ValidateObjectMembers]</c> (the delivery settings' SMTP and SMS parts), which reflection never did.
/// </summary>
internal static class SettingsValidators
{
    /// <summary>Checks <typeparamref name="TOptions"/> with <typeparamref name="TValidator"/> when the host starts.</summary>
    public static OptionsBuilder<TOptions> ValidateAtStart<TOptions, TValidator>(this OptionsBuilder<TOptions> options)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        options.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return options.ValidateOnStart();
    }
}

[OptionsValidator]
internal sealed partial class AuthgateOptionsValidator : IValidateOptions<AuthgateOptions>;

[OptionsValidator]
internal sealed partial class PasswordHashingOptionsValidator : IValidateOptions<Connections.PasswordHashingOptions>;

[OptionsValidator]
internal sealed partial class HashingLaneOptionsValidator : IValidateOptions<Connections.HashingLaneOptions>;

[OptionsValidator]
internal sealed partial class RefreshTokenOptionsValidator : IValidateOptions<Tokens.RefreshTokenOptions>;

[OptionsValidator]
internal sealed partial class ProtectionOptionsValidator : IValidateOptions<Protection.ProtectionOptions>;

[OptionsValidator]
internal sealed partial class ManagementApiOptionsValidator : IValidateOptions<Management.ManagementApiOptions>;

[OptionsValidator]
internal sealed partial class ScriptingOptionsValidator : IValidateOptions<Scripting.ScriptingOptions>;

[OptionsValidator]
internal sealed partial class JobsOptionsValidator : IValidateOptions<Jobs.JobsOptions>;

[OptionsValidator]
internal sealed partial class MfaOptionsValidator : IValidateOptions<Mfa.MfaOptions>;

[OptionsValidator]
internal sealed partial class DeliveryOptionsValidator : IValidateOptions<Delivery.DeliveryOptions>;

[OptionsValidator]
internal sealed partial class LogEventsOptionsValidator : IValidateOptions<Logs.LogEventsOptions>;

[OptionsValidator]
internal sealed partial class DashboardOptionsValidator : IValidateOptions<Dashboard.DashboardOptions>;

[OptionsValidator]
internal sealed partial class ObservabilityOptionsValidator : IValidateOptions<Observability.ObservabilityOptions>;
