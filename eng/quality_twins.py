"""PyTorch twins of the quality suite (`dotnet run -c Release --project bench/MLNet.Rnn.Benchmarks -- quality`).

PyTorch's plain recipe with the library's defaults for each task (architecture, tokenizer rule, vocabulary, epochs,
batch size, optimizer) on the same split, one JSON line per task and seed:

  /usr/bin/python3 eng/quality_twins.py ../shared/datasets [--tasks yelp,imdb,ewt,wnut17,ewt_full] [--seeds 0-9] [--threads 2]
      [--epochs N]

- yelp, imdb: sentiment-labelled-sentences, every fifth line (index % 5 == 4) held out for testing. Words are
  lower-cased runs of \\w or single other non-space characters; the vocabulary is every training word, after
  <pad> = 0 and <unk> = 1; a review without words reads as one <unk>. BiLSTM (embedding 64, hidden 64), linear head
  on both directions' last states, Adam 2e-3, 10 epochs of 32 shuffled reviews, no dropout; in training each input
  word drops to <unk> with chance 0.25 / (0.25 + its training count), the library's default. Test accuracy.
  yelp_plain, imdb_plain: the same without word dropout (the issue-10 twin).
- ewt: UD English EWT, the first 3000 training sentences, FORM -> UPOS as written (no lower-casing), the whole dev set.
  BiLSTM (embedding 64, hidden 64), linear head per token, Adam 2e-3, 5 epochs of 32 shuffled sentences. Dev token
  accuracy.
- wnut17: WNUT 2017 (wnut17train.conll -> emerging.dev.conll), token -> BIO tag as written, read as the library's
  LoadFromConll (fields split on white space; a line of white space ends a sentence). The library's default tagger:
  the word vocabulary is every lower-cased training token (Python's str.lower, which differs from .NET's invariant
  lower-casing only in a few letters such as U+0130), most frequent first, ties in ordinal (UTF-16) order, after
  <pad> = 0 and <unk> = 1; in training each input token drops to <unk> with chance 0.5 / (0.5 + its training count).
  Each token's first 20 code points, as written (capitals kept), through a character CNN (characters seen at least twice, unknown = 0, at most 1000 ids;
  embedding 25, Conv1d 25 -> 30 of width 3, maximum over the word's own positions) beside its embedding (64 + 30);
  BiLSTM (hidden 64), linear head per token into a CRF (start, end, transitions U(-0.1, 0.1); loss the mean over
  sentences of the negative log-likelihood), Adam 5e-3, 10 epochs of 16 shuffled sentences, no dropout or clipping.
  Viterbi decoding under BIO constraints (no I-X first, I-X only after B-X or I-X). Dev entity F1 (exact span and type;
  a stray I-X starts an entity, as in conlleval). Also one seed-independent line (seed null, impl "majority"): each
  dev token gets its most frequent training tag (ties to the tag met first in training), unseen tokens O.
- ewt_full: the same default tagger (the wnut17 recipe) on every EWT training sentence, FORM -> UPOS; UPOS tags are
  not BIO, so decoding is unconstrained. Dev token accuracy.

--epochs N replaces every task's own number of epochs (yelp, imdb, wnut17, ewt_full 10; ewt 5), and the lines then say so.
"""
import argparse, json, random, re, time, torch, torch.nn as nn
from collections import Counter
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


def drop_chances(vocabulary, counts, a):
    """Word dropout's chance per id: a / (a + n), n the id's count in the training set (ids never seen in it never occur)."""
    seen = torch.zeros(len(vocabulary))
    for w, n in counts.items():
        seen[vocabulary[w]] += n
    return a / (a + seen)


def word_dropout(ids, mask, chances):
    """ids with each real, known token replaced by <unk> with its chance; the characters of a tagger stay as they are."""
    return ids.masked_fill(mask & (ids != UNK) & (torch.rand(ids.shape) < chances[ids]), UNK)


def train(model, examples, epochs, seed, loss_of, lr=2e-3, batch_size=32):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    order = random.Random(seed)
    started = time.perf_counter()
    model.train()
    for _ in range(epochs):
        indices = list(range(len(examples)))
        order.shuffle(indices)
        for start in range(0, len(indices), batch_size):
            batch = [examples[i] for i in indices[start:start + batch_size]]
            optimizer.zero_grad()
            loss_of(model, batch).backward()
            optimizer.step()
    model.eval()
    return time.perf_counter() - started


def sentiment(root, file, seed, epochs, word_dropout_rate):
    rows = [line.rstrip("\n").rsplit("\t", 1) for line in open(f"{root}/sentiment-labelled-sentences/{file}", encoding="utf-8") if "\t" in line]
    words = [WORD.findall(text.lower()) for text, _ in rows]
    labels = [int(label) for _, label in rows]
    train_rows = [i for i in range(len(rows)) if i % 5 != 4]
    test_rows = [i for i in range(len(rows)) if i % 5 == 4]
    vocabulary = vocabulary_of(words[i] for i in train_rows)
    examples = [(encode(words[i], vocabulary), labels[i]) for i in train_rows]
    chances = drop_chances(vocabulary, Counter(w for i in train_rows for w in words[i]), word_dropout_rate)
    torch.manual_seed(seed)
    model = BiLstm(len(vocabulary), 2, per_step=False)

    def loss_of(m, batch):
        ids, lengths = padded([x for x, _ in batch])
        if word_dropout_rate > 0:
            ids = word_dropout(ids, torch.arange(ids.shape[1])[None, :] < torch.tensor(lengths)[:, None], chances)
        return nn.functional.cross_entropy(m(ids, lengths), torch.tensor([y for _, y in batch]))

    seconds = train(model, examples, epochs, seed, loss_of)
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


def ewt(root, seed, epochs=None):
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

    seconds = train(model, examples, epochs or 5, seed, loss_of)
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


def conll(path):
    """Sentences of (token, tag) as the library's LoadFromConll reads them: fields split on white space, and a line of
    white space (WNUT's files hold both empty and tab-only ones) ends a sentence."""
    result, current = [], []
    for line in open(path, encoding="utf-8"):
        fields = line.split()
        if fields:
            current.append((fields[0], fields[1]))
        elif current:
            result.append(current)
            current = []
    return result + [current] if current else result


def ranked(counts):
    """Most frequent first, ties in C#'s ordinal order (UTF-16 code units, which big-endian bytes compare as)."""
    return sorted(counts, key=lambda key: (-counts[key], key.encode("utf-16-be")))


def entities(tags):
    """(start, end, type) spans as BioEntities.cs finds them: an entity starts at B-X, or at an I-X that does not continue
    an X (a stray I-X starts one, as in conlleval), and runs over the I-X that follow."""
    spans, start = set(), None
    for i, tag in enumerate(tags + ["O"]):
        kind = tag[0] if len(tag) >= 2 and tag[1] == "-" and tag[0] in "BI" else "O"
        if start is not None:
            if kind == "I" and tag[2:] == tags[start][2:]:
                continue
            spans.add((start, i, tags[start][2:]))
            start = None
        if kind != "O":
            start = i
    return spans


def entity_f1(truth, predicted):
    """TaggingMetrics.F1: exact span and type, over every sentence; each ratio 0 when its denominator is."""
    true = found = correct = 0
    for a, b in zip(truth, predicted):
        a, b = entities(a), entities(b)
        true, found, correct = true + len(a), found + len(b), correct + len(a & b)
    precision, recall = correct / found if found else 0, correct / true if true else 0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0


class Crf(nn.Module):
    """A linear-chain CRF as Crf.cs: transitions[i, j] scores tag j after tag i. Computed in float64 as the library does;
    batched over sentences with a mask (eng/crf_reference.py is the one-sentence version)."""

    def __init__(self, tags):
        super().__init__()
        self.start_transitions = nn.Parameter(torch.empty(tags).uniform_(-0.1, 0.1))
        self.end_transitions = nn.Parameter(torch.empty(tags).uniform_(-0.1, 0.1))
        self.transitions = nn.Parameter(torch.empty(tags, tags).uniform_(-0.1, 0.1))

    def nll(self, emissions, tags, mask):
        """Mean over sentences of log Z - score(gold); emissions (B, T, K), tags and mask (B, T), every sentence non-empty."""
        e, start, end, moves = emissions.double(), self.start_transitions.double(), self.end_transitions.double(), self.transitions.double()
        alpha = start + e[:, 0]
        for t in range(1, e.shape[1]):
            # A finished sentence keeps its last alpha, so the end score is added once, at its own last tag.
            alpha = torch.where(mask[:, t, None], torch.logsumexp(alpha[:, :, None] + moves, 1) + e[:, t], alpha)
        log_z = torch.logsumexp(alpha + end, 1)
        last = tags.gather(1, mask.sum(1, keepdim=True) - 1).squeeze(1)
        gold = start[tags[:, 0]] + end[last] + (e.gather(2, tags[:, :, None]).squeeze(2) * mask).sum(1)
        gold = gold + (moves[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
        return (log_z - gold).mean()

    def decode(self, emissions, mask, allowed_start, allowed):
        """Viterbi: each sentence's best tags among those the constraints allow, (B, T) (past a sentence's end: junk)."""
        inf = float("-inf")
        e, end = emissions.double(), self.end_transitions.double()
        moves = self.transitions.double().masked_fill(~allowed, inf)
        score = self.start_transitions.double().masked_fill(~allowed_start, inf) + e[:, 0]
        pointers = []
        for t in range(1, e.shape[1]):
            best, previous = (score[:, :, None] + moves).max(1)
            pointers.append(previous)
            score = torch.where(mask[:, t, None], best + e[:, t], score)
        tag = (score + end).argmax(1)
        path = [tag]
        for t in range(e.shape[1] - 1, 0, -1):
            tag = torch.where(mask[:, t], pointers[t - 1].gather(1, tag[:, None]).squeeze(1), tag)
            path.append(tag)
        return torch.stack(path[::-1], 1)


def bio_constraints(names):
    """CrfConstraints.Bio: I-X never first, and only after B-X or I-X of the same X (anything may follow anything else)."""
    inside = torch.tensor([n.startswith("I-") for n in names])
    same = torch.tensor([[a != "O" and a[2:] == b[2:] for b in names] for a in names])
    return ~inside, ~inside[None, :] | same


class Tagger(nn.Module):
    """The library's default tagger: word embedding beside character-CNN features, BiLSTM, linear head, CRF. Parameters
    are registered in the library's order and under its names."""

    def __init__(self, words, characters, tags):
        super().__init__()
        self.embedding = nn.Embedding(words, 64)
        self.rnn = nn.LSTM(64 + 30, 64, batch_first=True, bidirectional=True)
        self.head = nn.Linear(128, tags)
        self.crf = Crf(tags)
        self.char_embedding = nn.Embedding(characters, 25)
        self.char_cnn = nn.Conv1d(25, 30, kernel_size=3, padding=1)

    def spellings(self, chars, lengths):
        """(W, 30) features of W words' characters (W, L), each the maximum over the word's own positions only."""
        inside = torch.arange(chars.shape[1])[None, :] < lengths[:, None]
        # Zero vectors past a word's end, as the convolution's own padding is before its start.
        x = self.char_embedding(chars) * inside[:, :, None]
        y = self.char_cnn(x.transpose(1, 2)).masked_fill(~inside[:, None, :], float("-inf")).max(2).values
        return torch.where(lengths[:, None] > 0, y, torch.zeros_like(y))

    def forward(self, ids, chars, char_lengths, lengths):
        """Emissions (B, T, tags) of ids (B, T) whose words' characters are chars (B, T, L), char_lengths (B, T)."""
        b, t = ids.shape
        spelled = self.spellings(chars.view(b * t, -1), char_lengths.view(-1)).view(b, t, -1)
        packed = pack_padded_sequence(torch.cat([self.embedding(ids), spelled], 2), torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        return self.head(pad_packed_sequence(self.rnn(packed)[0], batch_first=True, total_length=t)[0])


def crf_tagger(train_sentences, dev_sentences, seed, epochs):
    """The library's default tagger trained on train_sentences; its tags of dev_sentences and the training seconds."""
    counts = Counter(w.lower() for s in train_sentences for w, _ in s)
    vocabulary = {"<pad>": PAD, "<unk>": UNK}
    for w in ranked(counts):
        vocabulary.setdefault(w, len(vocabulary))  # a token spelled <pad> or <unk> keeps the reserved id, as Vocabulary.Build
    # A token's first 20 code points (Python's str items, the library's runes); unknown = 0, then those seen twice or more.
    char_counts = Counter(c for s in train_sentences for w, _ in s for c in w[:20])
    characters = {c: i + 1 for i, c in enumerate([c for c in ranked(char_counts) if char_counts[c] >= 2][:999])}
    tags = {}
    for s in train_sentences:
        for _, t in s:
            tags.setdefault(t, len(tags))  # first occurrence, as MapValueToKey orders keys
    names = list(tags)
    chances = drop_chances(vocabulary, counts, 0.5)

    def encode(sentence):
        # Dev tags are only scored as strings: the id of one never seen in training does not matter.
        return ([vocabulary.get(w.lower(), UNK) for w, _ in sentence], [[characters.get(c, 0) for c in w[:20]] for w, _ in sentence],
                [tags.get(t, 0) for _, t in sentence])

    def tensors(batch):
        ids, lengths = padded([x for x, _, _ in batch])
        steps, width = ids.shape[1], max([1] + [len(w) for _, spelled, _ in batch for w in spelled])
        # Padding words have no characters, so they get zero features (and the LSTM never reads them).
        chars = torch.tensor([[w + [0] * (width - len(w)) for w in spelled] + [[0] * width] * (steps - len(spelled)) for _, spelled, _ in batch])
        char_lengths = torch.tensor([[len(w) for w in spelled] + [0] * (steps - len(spelled)) for _, spelled, _ in batch])
        mask = torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]
        return ids, chars, char_lengths, lengths, mask, padded([y for _, _, y in batch])[0]

    examples = [encode(s) for s in train_sentences]
    torch.manual_seed(seed)
    model = Tagger(len(vocabulary), len(characters) + 1, len(tags))

    def loss_of(m, batch):
        ids, chars, char_lengths, lengths, mask, truth = tensors(batch)
        # Word dropout replaces token ids only; the characters stay, so a dropped word is still read by its spelling.
        return m.crf.nll(m(word_dropout(ids, mask, chances), chars, char_lengths, lengths), truth, mask)

    seconds = train(model, examples, epochs or 10, seed, loss_of, lr=5e-3, batch_size=16)
    allowed_start, allowed = bio_constraints(names)
    predicted = []
    with torch.no_grad():
        for start in range(0, len(dev_sentences), 64):
            ids, chars, char_lengths, lengths, mask, _ = tensors([encode(s) for s in dev_sentences[start:start + 64]])
            best = model.crf.decode(model(ids, chars, char_lengths, lengths), mask, allowed_start, allowed)
            predicted += [[names[int(y)] for y in row[:n]] for row, n in zip(best, lengths)]
    return predicted, seconds


def wnut17(root, seed, epochs=None):
    train_sentences, dev_sentences = conll(f"{root}/wnut17/wnut17train.conll"), conll(f"{root}/wnut17/emerging.dev.conll")
    predicted, seconds = crf_tagger(train_sentences, dev_sentences, seed, epochs)
    truth = [[t for _, t in s] for s in dev_sentences]
    value = entity_f1(truth, predicted)
    return dict(metric="dev_entity_f1", value=value, train_seconds=seconds, impl=f"pytorch-{torch.__version__}-bilstm-cnn-crf",
                **recall_by_familiarity(train_sentences, dev_sentences, truth, predicted))


def recall_by_familiarity(train_sentences, dev_sentences, truth, predicted):
    """Entity recall split by whether every word of the true entity occurs in training (lower-cased): what the model
    finds among names it has met, and among those it can only read by context and spelling."""
    known = {w.lower() for s in train_sentences for w, _ in s}
    found = {True: [0, 0], False: [0, 0]}
    for sentence, a, b in zip(dev_sentences, truth, predicted):
        hits = entities(b)
        for span in entities(a):
            seen = all(w.lower() in known for w, _ in sentence[span[0]:span[1]])
            found[seen][0] += span in hits
            found[seen][1] += 1
    return dict(entities_seen=found[True][1], recall_seen=found[True][0] / max(1, found[True][1]),
                entities_unseen=found[False][1], recall_unseen=found[False][0] / max(1, found[False][1]))


def ewt_full(root, seed, epochs=None):
    # UPOS tags are not BIO, so the CRF's constraints allow every tag anywhere, as CrfConstraints.Bio gives none.
    dev_sentences = sentences(f"{root}/ud-english-ewt/en_ewt-ud-dev.conllu")
    predicted, seconds = crf_tagger(sentences(f"{root}/ud-english-ewt-train/en_ewt-ud-train.conllu"), dev_sentences, seed, epochs)
    pairs = [(p, t) for s, row in zip(dev_sentences, predicted) for (_, t), p in zip(s, row)]
    value = sum(p == t for p, t in pairs) / len(pairs)
    return dict(metric="dev_token_accuracy", value=value, train_seconds=seconds, impl=f"pytorch-{torch.__version__}-bilstm-cnn-crf")


def wnut17_majority(root):
    """Each dev token's most frequent training tag (ties to the tag met first in training), O for unseen tokens."""
    train_sentences = conll(f"{root}/wnut17/wnut17train.conll")
    dev_sentences = conll(f"{root}/wnut17/emerging.dev.conll")
    started = time.perf_counter()
    order, counts = {}, {}
    for s in train_sentences:
        for w, t in s:
            order.setdefault(t, len(order))
            counts.setdefault(w, Counter())[t] += 1
    best = {w: max(c, key=lambda t: (c[t], -order[t])) for w, c in counts.items()}
    seconds = time.perf_counter() - started
    predicted = [[best.get(w, "O") for w, _ in s] for s in dev_sentences]
    value = entity_f1([[t for _, t in s] for s in dev_sentences], predicted)
    return dict(metric="dev_entity_f1", value=value, train_seconds=seconds, impl="majority")


TASKS = {
    "yelp": lambda root, seed, epochs: sentiment(root, "yelp_labelled.txt", seed, epochs or 10, 0.25),
    "imdb": lambda root, seed, epochs: sentiment(root, "imdb_labelled.txt", seed, epochs or 10, 0.25),
    "yelp_plain": lambda root, seed, epochs: sentiment(root, "yelp_labelled.txt", seed, epochs or 10, 0),
    "imdb_plain": lambda root, seed, epochs: sentiment(root, "imdb_labelled.txt", seed, epochs or 10, 0),
    "ewt": ewt,
    "wnut17": wnut17,
    "ewt_full": ewt_full,
}

# Seed-independent reference lines, printed once per task before its seeds.
BASELINES = {"wnut17": wnut17_majority}


def seeds_of(text):
    if "-" in text:
        first, last = map(int, text.split("-"))
        return range(first, last + 1)
    return [int(s) for s in text.split(",")]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--tasks", default="yelp,imdb,ewt,wnut17")
    parser.add_argument("--seeds", default="0-9")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, help="instead of each task's own (yelp, imdb, wnut17, ewt_full 10; ewt 5)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for task in args.tasks.split(","):
        if task in BASELINES:
            result = BASELINES[task](args.root)
            result.update(task=task, seed=None, impl=result.pop("impl"))
            print(json.dumps(result), flush=True)
        for seed in seeds_of(args.seeds):
            result = TASKS[task](args.root, seed, args.epochs)
            result.update(task=task, seed=seed, impl=result.pop("impl", "pytorch-" + torch.__version__))
            if args.epochs:
                result.update(epochs=args.epochs)
            print(json.dumps(result), flush=True)
