namespace Workflow.Domain.Appointments;

/// <summary>The post a municipality appoints to: CIO補佐官等 (which the 特別交付税措置 is about) or another it names.</summary>
public enum AppointmentRole { CioAdvisor, Other }

public enum AppointmentStatus { Requested, Accepted, Declined, Expired }

public enum AppointmentAnswer { Accepted, Declined, Expired }

/// <summary>The Japanese names of an appointment's role and status, for every page, notice and the staff pages' labels.</summary>
public static class AppointmentNames
{
    public static string DisplayName(AppointmentRole role) => role switch
    {
        AppointmentRole.CioAdvisor => "CIO補佐官",
        AppointmentRole.Other => "その他",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown appointment role."),
    };

    public static string DisplayName(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Requested => "回答待ち",
        AppointmentStatus.Accepted => "承諾（任用）",
        AppointmentStatus.Declined => "辞退",
        AppointmentStatus.Expired => "回答期限切れ",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown appointment status."),
    };
}
