import sys
from pathlib import Path

# Lets the example run from a checkout without being pip-installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
