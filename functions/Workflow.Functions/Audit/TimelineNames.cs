namespace Workflow.Functions.Audit;

/// <summary>
/// The Japanese names auditors read for the timeline's two sources and for the orchestration history's event
/// types (the Durable Task framework's HistoryEventType names, as the History table stores them).
/// </summary>
public static class TimelineNames
{
    public static IReadOnlyDictionary<string, string> Sources { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TimelineCursor.Orchestration] = "オーケストレーション",
        [TimelineCursor.Business] = "業務ログ",
    };

    public static IReadOnlyDictionary<string, string> EventTypes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ExecutionStarted"] = "開始",
        ["ExecutionCompleted"] = "完了",
        ["ExecutionTerminated"] = "強制終了",
        ["ExecutionSuspended"] = "一時停止",
        ["ExecutionResumed"] = "再開",
        ["ContinueAsNew"] = "継続（再開始）",
        ["TaskScheduled"] = "処理の予約",
        ["TaskCompleted"] = "処理の完了",
        ["TaskFailed"] = "処理の失敗",
        ["TimerCreated"] = "タイマーの設定",
        ["TimerFired"] = "タイマーの発火",
        ["EventRaised"] = "外部イベントの受信",
        ["EventSent"] = "イベントの送信",
        ["SubOrchestrationInstanceCreated"] = "子オーケストレーションの開始",
        ["SubOrchestrationInstanceCompleted"] = "子オーケストレーションの完了",
        ["SubOrchestrationInstanceFailed"] = "子オーケストレーションの失敗",
        ["OrchestratorStarted"] = "実行の開始",
        ["OrchestratorCompleted"] = "実行の区切り",
        ["GenericEvent"] = "その他のイベント",
    };
}
