"""Contract tests: Clapboard's JSON shapes checked against responses recorded from a real Zou.

``zou_samples/`` holds recorded request/response pairs (Zou 1.0.97): the
``*.json`` files come from the shared sample set, the ``*.anchor.json`` files
from a side-by-side run against a local Zou (see ``COMPARED.md``).
"""
