"""Copy the generic CRUD samples recorded from Zou into ``zou_samples/`` (kept fields only).

    python -m tests.contract.refresh_samples [SOURCE_DIR]

SOURCE_DIR defaults to /work/shared/zou/samples. Files ending in
``.anchor.json`` (written by ``anchor.py``) are left alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .replay import SAMPLES_DIR, SHARED_SAMPLES_DIR, is_generic_crud, keep


def generic_samples(source: Path):
    for path in sorted(source.glob("*.json")):
        data = json.loads(path.read_text())
        if is_generic_crud(data):
            yield path.name, keep(data)


def write_sample(name: str, data: dict) -> None:
    SAMPLES_DIR.mkdir(exist_ok=True)
    (SAMPLES_DIR / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SHARED_SAMPLES_DIR
    count = 0
    for name, data in generic_samples(source):
        write_sample(name, data)
        count += 1
    print(f"{count} samples copied from {source} to {SAMPLES_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
