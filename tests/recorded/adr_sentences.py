"""List a decision record's proposal sentences with the numbers recorded answers use (`quote_ref`).

Why: answers for real decision records may not contain the records' text, so a quote is written as
the number of a proposal sentence. This prints the record WITHOUT its consequences section (the
proposal the reviewer sees), one numbered sentence per line, and the proposal digest the answer file
names, so whoever writes answers never sees the consequences they will be scored against.

    python tests/recorded/adr_sentences.py GSA-TTS__FAC/0007-use-github-actions-for-ci.md [--records DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.errors import GapreviewError  # noqa: E402
from evals.decision_records import (  # noqa: E402
    default_records_folder,
    load_record,
    proposal_digest,
    proposal_sentences,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("record", help="path relative to the records folder")
    parser.add_argument("--records", type=Path, default=None, help="the decision-records folder")
    args = parser.parse_args(argv)
    folder = args.records or default_records_folder()
    try:
        record = load_record(folder, args.record)
    except GapreviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if record is None:
        print(f"error: {args.record} has no consequences section", file=sys.stderr)
        return 2
    print(f"record: {record.path}\nproposal_sha256: {proposal_digest(record.proposal)}")
    for number, sentence in enumerate(proposal_sentences(record.proposal), start=1):
        print(f"{number:3d}  {' '.join(sentence.split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
