"""Kitsu-to-Kitsu import: rows exactly as another instance's ``/data/…`` serves them, upserted with their ids.

``kinds`` says what each ``/import/kitsu/<kind>`` route (and each model
``clapboard sync-from-zou`` copies) takes; ``prepare`` checks and converts one
row; ``upsert`` writes a batch in the caller's transaction (insert or update by
id, relation lists, ``data`` judged by ``data_validate_values``, events unless
silent) and says which rows were created, updated or left unchanged; ``routes``
is the HTTP face (admins only). The ``metadata-descriptors`` kind writes
through whatever model the app registered for its table, so this package never
imports the ``metadata`` plugin.
"""
