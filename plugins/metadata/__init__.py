"""The ``metadata`` plugin (issue 12, in progress): metadata descriptors and typed ``data`` values.

Not registered as a plugin yet: so far it holds only the pure value checks
(``values``); ``docs/metadata-design.md`` says what comes next.
"""
