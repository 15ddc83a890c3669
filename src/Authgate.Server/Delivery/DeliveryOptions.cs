using System.ComponentModel.DataAnnotations;

namespace Authgate.Delivery;

/// <summary>
/// How email and SMS leave the server (<c>Authgate:Delivery</c>). Without an SMTP host or an SMS webhook, messages are
/// written as files to <c>{DataDirectory}/outbox</c> (owner-only), for development or a relay that picks them up.
/// </summary>
public sealed class DeliveryOptions
{
    public const string Section = "Authgate:Delivery";

    // Checked member by member at start like the settings above (before these were, their ranges went unchecked).
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public SmtpSettings Smtp { get; set; } = new();

    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public SmsWebhookSettings Sms { get; set; } = new();

    /// <summary>Seconds between looks at the outbox for messages another node queued or that are due for a retry.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>How long a node owns a message it is sending; longer than the slowest delivery, so no two nodes send it.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>First retry delay in seconds; it doubles after each failure up to <see cref="MaxRetrySeconds"/>.</summary>
    [Range(1, 3600)]
    public int RetrySeconds { get; set; } = 2;

    [Range(1, 86400)]
    public int MaxRetrySeconds { get; set; } = 300;

    /// <summary>Delivery attempts before a message is given up (its text is then erased).</summary>
    [Range(1, 10000)]
    public int MaxAttempts { get; set; } = 50;

    public sealed class SmtpSettings
    {
        /// <summary>The SMTP relay; empty writes email to the outbox directory instead.</summary>
        public string? Host { get; set; }

        [Range(1, 65535)]
        public int Port { get; set; } = 587;

        /// <summary><c>auto</c>, <c>none</c>, <c>starttls</c> (required) or <c>tls</c> (TLS on connect).</summary>
        [RegularExpression("^(auto|none|starttls|tls)$")]
        public string Security { get; set; } = "auto";

        public string? Username { get; set; }

        public string? Password { get; set; }

        /// <summary>The sender, as an address or <c>Name &lt;address&gt;</c>.</summary>
        public string From { get; set; } = "Authgate <no-reply@localhost>";

        [Range(1, 600)]
        public int TimeoutSeconds { get; set; } = 30;
    }

    public sealed class SmsWebhookSettings
    {
        /// <summary>
        /// An HTTP(S) endpoint that receives <c>POST {"to","body","message_id"}</c> for each SMS and answers 2xx once it
        /// has taken it (a gateway such as Twilio behind a small adapter); empty writes SMS to the outbox directory.
        /// </summary>
        public string? WebhookUrl { get; set; }

        /// <summary>Sent as the <c>Authorization</c> header, e.g. <c>Bearer …</c>.</summary>
        public string? Authorization { get; set; }

        [Range(1, 600)]
        public int TimeoutSeconds { get; set; } = 15;
    }
}
