namespace Workflow.Testing;

public static class RepositoryRoot
{
    /// <summary>The folder holding Workflow.sln, found by walking up from the test binaries.</summary>
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Workflow.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Workflow.sln not found above " + AppContext.BaseDirectory);
    }
}
