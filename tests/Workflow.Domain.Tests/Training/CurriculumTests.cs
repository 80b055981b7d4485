using Workflow.Domain.Training;

namespace Workflow.Domain.Tests.Training;

public class CurriculumTests
{
    [Fact]
    public void Modules_match_the_seed()
    {
        Assert.Equal(
            ["自治体の組織と業務", "自治体システムとセキュリティ", "マイナンバー制度と個人情報保護", "自治体ＤＸ"],
            Curriculum.Modules.Select(m => m.Title));
        Assert.Equal([1, 2, 3, 4], Curriculum.Modules.Select(m => m.Number));
        Assert.Equal([(1, 1), (1, 1), (1, 1), (2, 3)], Curriculum.Modules.Select(m => (m.MinSessions, m.MaxSessions)));
        Assert.Equal("情報セキュリティポリシーの策定", Curriculum.Modules[1].Topics[2]);
        Assert.All(Curriculum.Modules, m => Assert.NotEmpty(m.Topics));
    }

    [Fact]
    public void Session_bounds_agree_with_the_modules()
    {
        Assert.Equal(60, Curriculum.SessionMinutes);
        Assert.Equal(Curriculum.MinSessions, Curriculum.Modules.Sum(m => m.MinSessions));
        Assert.Equal(Curriculum.MaxSessions, Curriculum.Modules.Sum(m => m.MinSessions) + 1);
        Assert.Equal(5, Curriculum.MinSessions);
        Assert.Equal(6, Curriculum.MaxSessions);
        Assert.Equal("無料", Curriculum.Fee);
        Assert.Equal("修了証", Curriculum.CertificateName);
        Assert.Equal("オンライン配信（Teamsを想定）", Curriculum.DeliveryMode);
    }

    [Fact]
    public void Default_modules_of_sessions()
    {
        Assert.Equal([1, 2, 3, 4, 4], Curriculum.DefaultModuleOfSession(5));
        Assert.Equal([1, 2, 3, 4, 4, 4], Curriculum.DefaultModuleOfSession(6));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(0)]
    public void Default_modules_reject_other_counts(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Curriculum.DefaultModuleOfSession(count));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 4, 4 }, true)]
    [InlineData(new[] { 4, 3, 2, 1, 4, 4 }, true)]
    [InlineData(new[] { 1, 2, 3, 4 }, false)]
    [InlineData(new[] { 1, 2, 4, 4, 4 }, false)]
    [InlineData(new[] { 1, 1, 2, 3, 4, 4 }, false)]
    [InlineData(new[] { 1, 2, 3, 4, 4, 5 }, false)]
    public void Covers(int[] modules, bool expected)
    {
        Assert.Equal(expected, Curriculum.Covers(modules));
    }

    [Fact]
    public void Completion_requires_every_session()
    {
        Assert.True(TrainingCompletion.IsComplete([1, 2, 3, 4, 5], 5));
        Assert.True(TrainingCompletion.IsComplete([5, 4, 3, 2, 1, 1], 5));
        Assert.False(TrainingCompletion.IsComplete([1, 2, 3, 4, 5], 6));
        Assert.False(TrainingCompletion.IsComplete([1, 2, 4, 5, 6], 6));
        Assert.False(TrainingCompletion.IsComplete([], 5));
        Assert.False(TrainingCompletion.IsComplete([], 0));
        Assert.Equal([3, 6], TrainingCompletion.MissingSessions([1, 2, 4, 5], 6));
    }
}
