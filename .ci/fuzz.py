"""Fuzz every operation of the OpenAPI document against a live server: no answer may be a 500.

Run by .ci/run after the test suites (schemathesis, seeded, a few examples per
operation). Usage: python .ci/fuzz.py [--examples N]
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile

from clapboard.testing import TEST_ACTOR_HEADER, AppFactory, LiveServer

SEED = "75396371561288370420112535467374273319"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # Webhooks the fuzzer registers are queued, never sent: no request leaves the machine.
        app = AppFactory(pathlib.Path(folder), [])(config={"plugins": {"webhooks": {"send": False}}})
        live = LiveServer(app, threads=4).start()
        try:
            command = [
                sys.executable, "-m", "schemathesis.cli", "run", f"{live.url}/openapi.json", "--url", live.url,
                "-H", f"{TEST_ACTOR_HEADER}: admin", "--checks", "not_a_server_error",
                "--max-examples", str(args.examples), "--workers", "2", "--seed", SEED,
                "--phases", "examples,coverage,fuzzing",
            ]
            return subprocess.run(command).returncode
        finally:
            live.stop()
            app.close()


if __name__ == "__main__":
    sys.exit(main())
