namespace Workflow.Domain.Appointments;

/// <summary>The post a municipality appoints to: CIO補佐官等 (which the 特別交付税措置 is about) or another it names.</summary>
public enum AppointmentRole { CioAdvisor, Other }

public enum AppointmentStatus { Requested, Accepted, Declined, Expired }

public enum AppointmentAnswer { Accepted, Declined, Expired }

/// <summary>How the municipality takes the person on: the form decides, among other things, the 特別交付税措置.</summary>
public enum EmploymentForm
{
    /// <summary>特別職非常勤職員 (地方公務員法第3条第3項第3号).</summary>
    SpecialPartTime,

    /// <summary>業務委託: a contract with the person (or their company), not an appointment to a post.</summary>
    Contract,

    /// <summary>任期付職員.</summary>
    FixedTerm,

    Other,
}

/// <summary>Where the work is done.</summary>
public enum WorkStyle { OnSite, Remote, Hybrid }

/// <summary>The Japanese names of an appointment's role and status, for every page, notice and the staff pages' labels.</summary>
public static class AppointmentNames
{
    public static string DisplayName(AppointmentRole role) => role switch
    {
        AppointmentRole.CioAdvisor => "CIO補佐官",
        AppointmentRole.Other => "その他",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown appointment role."),
    };

    public static string DisplayName(EmploymentForm form) => form switch
    {
        EmploymentForm.SpecialPartTime => "特別職非常勤職員",
        EmploymentForm.Contract => "業務委託",
        EmploymentForm.FixedTerm => "任期付職員",
        EmploymentForm.Other => "その他",
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown employment form."),
    };

    public static string DisplayName(WorkStyle style) => style switch
    {
        WorkStyle.OnSite => "常駐",
        WorkStyle.Remote => "リモート",
        WorkStyle.Hybrid => "常駐とリモートの併用",
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "Unknown work style."),
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
