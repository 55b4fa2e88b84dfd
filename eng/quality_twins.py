"""PyTorch twins of the quality suite (`dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- quality`).

PyTorch's plain recipe with the library's defaults for each task (architecture, tokenizer rule, vocabulary, epochs,
batch size, optimizer) on the same split, one JSON line per task and seed:

  /usr/bin/python3 eng/quality_twins.py ../shared/datasets [--tasks yelp,imdb,ewt] [--seeds 0-9] [--threads 2]

- yelp, imdb: sentiment-labelled-sentences, every fifth line (index % 5 == 4) held out for testing. Words are
  lower-cased runs of \\w or single other non-space characters; the vocabulary is every training word, after
  <pad> = 0 and <unk> = 1; a review without words reads as one <unk>. BiLSTM (embedding 64, hidden 64), linear head
  on both directions' last states, Adam 2e-3, 10 epochs of 32 shuffled reviews, no dropout. Test accuracy.
- ewt: UD English EWT, the first 3000 training sentences, FORM -> UPOS as written (no lower-casing), the whole dev set.
  BiLSTM (embedding 64, hidden 64), linear head per token, Adam 2e-3, 5 epochs of 32 shuffled sentences. Dev token
  accuracy.
"""
import argparse, json, random, re, time, torch, torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

WORD = re.compile(r"\w+|[^\w\s]")
PAD, UNK = 0, 1


class BiLstm(nn.Module):
    def __init__(self, vocabulary, outputs, per_step):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, 64)
        self.rnn = nn.LSTM(64, 64, batch_first=True, bidirectional=True)
        self.head = nn.Linear(128, outputs)
        self.per_step = per_step

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        output, (h, _) = self.rnn(packed)
        if self.per_step:
            return self.head(pad_packed_sequence(output, batch_first=True)[0])
        return self.head(torch.cat([h[-2], h[-1]], 1))


def padded(rows):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [PAD] * (width - len(r)) for r in rows]), [len(r) for r in rows]


def vocabulary_of(token_lists):
    vocabulary = {"<pad>": PAD, "<unk>": UNK}
    for tokens in token_lists:
        for t in tokens:
            vocabulary.setdefault(t, len(vocabulary))
    return vocabulary


def encode(tokens, vocabulary):
    return [vocabulary.get(t, UNK) for t in tokens] or [UNK]


def train(model, examples, epochs, seed, loss_of):
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    order = random.Random(seed)
    started = time.perf_counter()
    model.train()
    for _ in range(epochs):
        indices = list(range(len(examples)))
        order.shuffle(indices)
        for start in range(0, len(indices), 32):
            batch = [examples[i] for i in indices[start:start + 32]]
            optimizer.zero_grad()
            loss_of(model, batch).backward()
            optimizer.step()
    model.eval()
    return time.perf_counter() - started


def sentiment(root, file, seed):
    rows = [line.rstrip("\n").rsplit("\t", 1) for line in open(f"{root}/sentiment-labelled-sentences/{file}", encoding="utf-8") if "\t" in line]
    words = [WORD.findall(text.lower()) for text, _ in rows]
    labels = [int(label) for _, label in rows]
    train_rows = [i for i in range(len(rows)) if i % 5 != 4]
    test_rows = [i for i in range(len(rows)) if i % 5 == 4]
    vocabulary = vocabulary_of(words[i] for i in train_rows)
    examples = [(encode(words[i], vocabulary), labels[i]) for i in train_rows]
    torch.manual_seed(seed)
    model = BiLstm(len(vocabulary), 2, per_step=False)

    def loss_of(m, batch):
        ids, lengths = padded([x for x, _ in batch])
        return nn.functional.cross_entropy(m(ids, lengths), torch.tensor([y for _, y in batch]))

    seconds = train(model, examples, 10, seed, loss_of)
    correct = 0
    with torch.no_grad():
        for start in range(0, len(test_rows), 64):
            chunk = test_rows[start:start + 64]
            ids, lengths = padded([encode(words[i], vocabulary) for i in chunk])
            correct += int((model(ids, lengths).argmax(1) == torch.tensor([labels[i] for i in chunk])).sum())
    return dict(metric="test_accuracy", value=correct / len(test_rows), train_seconds=seconds)


def sentences(path, limit=None):
    result, current = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if current:
                result.append(current)
                current = []
                if limit and len(result) >= limit:
                    break
            continue
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        if "-" in fields[0] or "." in fields[0]:
            continue
        current.append((fields[1], fields[3]))
    if current and not (limit and len(result) >= limit):
        result.append(current)
    return result


def ewt(root, seed):
    train_sentences = sentences(f"{root}/ud-english-ewt-train/en_ewt-ud-train.conllu", 3000)
    dev_sentences = sentences(f"{root}/ud-english-ewt/en_ewt-ud-dev.conllu")
    vocabulary = vocabulary_of([w for w, _ in s] for s in train_sentences)
    tags = {}
    for s in train_sentences:
        for _, t in s:
            tags.setdefault(t, len(tags))
    examples = [([vocabulary.get(w, UNK) for w, _ in s], [tags[t] for _, t in s]) for s in train_sentences]
    torch.manual_seed(seed)
    model = BiLstm(len(vocabulary), len(tags), per_step=True)

    def masked(m, batch):
        ids, lengths = padded([x for x, _ in batch])
        logits = m(ids, lengths)
        mask = torch.arange(logits.shape[1])[None, :] < torch.tensor(lengths)[:, None]
        return logits, mask

    def loss_of(m, batch):
        logits, mask = masked(m, batch)
        return nn.functional.cross_entropy(logits[mask], padded([y for _, y in batch])[0][mask])

    seconds = train(model, examples, 5, seed, loss_of)
    correct = total = 0
    with torch.no_grad():
        for start in range(0, len(dev_sentences), 64):
            chunk = dev_sentences[start:start + 64]
            batch = [([vocabulary.get(w, UNK) for w, _ in s], [tags.get(t, -1) for _, t in s]) for s in chunk]
            logits, mask = masked(model, batch)
            truth = padded([y for _, y in batch])[0]
            correct += int((logits.argmax(-1)[mask] == truth[mask]).sum())
            total += int(mask.sum())
    return dict(metric="dev_token_accuracy", value=correct / total, train_seconds=seconds)


TASKS = {
    "yelp": lambda root, seed: sentiment(root, "yelp_labelled.txt", seed),
    "imdb": lambda root, seed: sentiment(root, "imdb_labelled.txt", seed),
    "ewt": ewt,
}


def seeds_of(text):
    if "-" in text:
        first, last = map(int, text.split("-"))
        return range(first, last + 1)
    return [int(s) for s in text.split(",")]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--tasks", default="yelp,imdb,ewt")
    parser.add_argument("--seeds", default="0-9")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for task in args.tasks.split(","):
        for seed in seeds_of(args.seeds):
            result = TASKS[task](args.root, seed)
            result.update(task=task, seed=seed, impl="pytorch-" + torch.__version__)
            print(json.dumps(result), flush=True)
