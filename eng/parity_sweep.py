#!/usr/bin/env python3
"""Random parity sweep: makes `make_case.py recurrent` cases for a range of seeds, answers each with the
project's parity runner and checks it with `compare.py`.

  /usr/bin/python3 eng/parity_sweep.py [--kind recurrent] [--seeds 1000-1199] [--keep DIR]

Needs Debian's PyTorch (apt-get install -y python3-torch libopenblas0-pthread) and a Release build of
test/MLNet.Rnn.Parity (dotnet build -c Release test/MLNet.Rnn.Parity). Prints one line per failing seed
and a summary; exit status 1 if any seed fails.
"""
import argparse, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARITY = os.path.join(os.path.dirname(ROOT), "shared", "parity")
RUNNER = os.path.join(ROOT, "test", "MLNet.Rnn.Parity", "bin", "Release", "net10.0", "MLNet.Rnn.Parity.dll")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", default="recurrent", choices=["recurrent", "train"])
    ap.add_argument("--seeds", default="1000-1199")
    ap.add_argument("--keep")
    a = ap.parse_args()
    first, last = (int(x) for x in a.seeds.split("-"))
    tol = "1e-4" if a.kind == "recurrent" else "1e-3"
    work = a.keep or tempfile.mkdtemp(prefix="parity-")
    os.makedirs(work, exist_ok=True)
    failed = []
    for seed in range(first, last + 1):
        case, answer = os.path.join(work, f"{a.kind}-{seed}.json"), os.path.join(work, f"{a.kind}-{seed}.answer.json")
        subprocess.run([sys.executable, os.path.join(PARITY, "make_case.py"), a.kind, case, "--seed", str(seed)], check=True)
        run = subprocess.run(["dotnet", RUNNER, case, answer], capture_output=True, text=True)
        if run.returncode != 0:
            failed.append(seed); print(f"seed {seed}: runner failed: {run.stderr.strip()[:400]}"); continue
        check = subprocess.run([sys.executable, os.path.join(PARITY, "compare.py"), case, answer, "--tol", tol], capture_output=True, text=True)
        if check.returncode != 0:
            failed.append(seed); print(f"seed {seed}:\n{check.stdout}")
    total = last - first + 1
    print(f"{a.kind}: {total - len(failed)} of {total} seeds pass" + (f"; failing: {failed}" if failed else ""))
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
