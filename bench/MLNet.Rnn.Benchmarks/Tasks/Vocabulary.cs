namespace MLNet.Rnn.Benchmarks.Tasks;

/// <summary>Token to id as the script builds it: <c>&lt;pad&gt;</c> 0, <c>&lt;unk&gt;</c> 1, then first-seen order.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal) { ["<pad>"] = 0, ["<unk>"] = 1 };

    public int Count => _ids.Count;

    public void Add(string token) => _ids.TryAdd(token, _ids.Count);

    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : 1;
}
