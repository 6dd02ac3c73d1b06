"""Every held-out figure in one run, figures only (no error listing of a held-out set is printed).

Usage: python bench/heldout.py SHARED_CORPUS_DIR

The held-out sets are never tuned on and their errors are never read (bench/data/README.md):
pair 2 of the shared corpus (`relevance-dev2`, `dedup-dev2`; its facts labels train the
deal-type model, so its deal-type figure here is in-sample and the cross-validated one is
`train_deal_model.py`'s) and bench/data's `*-real4`, `*-real6`, `*-real7`, `*-real10`, `*-real12`, `*-real14`, `*-real16`, `*-real19`, `*-real27` sets and `dedup-real9`, `dedup-real16`, `dedup-real19`, `dedup-real21`, `dedup-real22`, `dedup-real24` and `dedup-real27`. The shipped
relevance model was trained on pair 2 as well, so pair 2's relevance figure here comes from a
model trained without it (`relevance.py --tune ... --report`), on the other training files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
TRAIN = ("relevance-synth.jsonl", "relevance-real3.jsonl", "relevance-real5.jsonl", "relevance-real8.jsonl", "relevance-real9.jsonl",
         "relevance-real11.jsonl", "relevance-real13.jsonl", "relevance-real15.jsonl", "relevance-real17.jsonl",
         "relevance-real18.jsonl", "relevance-real20.jsonl", "relevance-real28.jsonl",
         "relevance-real29.jsonl")


def run(*args: str, keep: tuple[str, ...]) -> list[str]:
    out = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line.lstrip().startswith(keep)]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    corpus = Path(sys.argv[1])
    print("relevance (health-ai-partnerships), the shipped config:")
    for name in ("relevance-real4.jsonl", "relevance-real6.jsonl", "relevance-real7.jsonl", "relevance-real10.jsonl",
                 "relevance-real12.jsonl", "relevance-real14.jsonl", "relevance-real16.jsonl", "relevance-real19.jsonl",
                 "relevance-real27.jsonl"):
        figures = run("bench/relevance.py", "--input", str(DATA / name), "--quiet", keep=("health-ai",))
        print(f"  {name:24} {figures[0].split(':', 1)[1].strip()}")
    tune = [arg for path in (corpus / "relevance-dev.jsonl", *(DATA / n for n in TRAIN)) for arg in ("--tune", str(path))]
    figures = run("bench/relevance.py", *tune, "--report", str(corpus / "relevance-dev2.jsonl"), keep=("rule",))
    print(f"  {'relevance-dev2.jsonl':24} trained without it: {figures[-1].strip()}")
    print("stories (pairwise precision and recall, look-alike pairs merged):")
    for path in (corpus / "dedup-dev2.jsonl",
                 *(DATA / f"dedup-{s}.jsonl" for s in ("real6", "real7", "real9", "real16", "real19", "real21", "real22", "real24", "real27"))):
        lines = run("bench/dedup_quality.py", str(path), "--quiet", keep=("pairwise", "clusters split"))
        print(f"  {path.name:24} {lines[0].strip()}; {lines[1].strip()}")
    print("facts (parties, sides, deal type, amounts):")
    for items, labels in ((corpus / "relevance-dev2.jsonl", DATA / "facts-dev2.jsonl"),
                          *((DATA / f"relevance-{s}.jsonl", DATA / f"facts-{s}.jsonl")
                            for s in ("real4", "real6", "real7", "real10", "real12", "real14", "real16", "real19", "real27"))):
        lines = run("bench/facts_quality.py", "--items", str(items), "--labels", str(labels),
                    keep=("parties", "placed", "deal type accuracy", "amounts"))
        print(f"  {labels.name:24} " + "; ".join(line.strip() for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
