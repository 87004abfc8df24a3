"""``clapboard sync-from-zou``: a running Zou's studio copied into Clapboard through Zou's REST API.

``client`` speaks to Zou, ``plan`` says what is read and in which order,
``run`` writes each step through the Kitsu import's upsert (ids kept, the
studio's defaults matched by name, idempotent), ``commands`` is the command
line (progress on stderr, a summary or ``--json`` on stdout).
"""
