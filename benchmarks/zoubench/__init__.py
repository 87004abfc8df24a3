"""Seeding and load tools for any server that speaks Zou's API (Clapboard, a real Zou).

Stdlib only on the client side (``http.client`` keep-alive connections), so the
same tools measure both servers the same way. The command-line entry points are
the scripts next to this package: ``seed.py``, ``load.py`` and ``smoke.py``.
"""
