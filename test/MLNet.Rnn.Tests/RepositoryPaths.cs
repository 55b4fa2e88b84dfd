namespace MLNet.Rnn.Tests;

/// <summary>
/// Finds <c>../shared</c> (parity scripts, datasets) beside the repository root by walking up from the test
/// binaries; a test that needs it is marked inconclusive with the reason when it is absent.
/// </summary>
internal static class SharedDirectory
{
    public static string Find(string child)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", child);
            if (File.Exists(Path.Combine(dir.FullName, "MLNet.Rnn.sln")) || Directory.Exists(candidate))
            {
                if (Directory.Exists(candidate))
                    return candidate;
                string besideRepo = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared", child);
                if (Directory.Exists(besideRepo))
                    return besideRepo;
                break;
            }
        }
        Assert.Inconclusive($"shared/{child} was not found beside the repository; this test needs it.");
        return "";
    }
}
