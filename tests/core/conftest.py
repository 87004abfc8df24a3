import sys
import textwrap

import pytest


@pytest.fixture
def third_party(tmp_path, monkeypatch):
    """Install a fake third-party distribution (dist-info + module) on sys.path.

    ``third_party(name, source)`` writes module ``<name>_plugin`` with ``source``
    and an entry point ``<name>`` in group ``clapboard``: the same discovery path
    a pip-installed plugin takes. ``metadata`` adds core-metadata lines
    (``Summary: …``); ``install.site`` is the folder, to remove a package or
    hand it to a subprocess.
    """

    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))

    def install(name: str, source: str, version: str = "1.2.3", metadata: str = "") -> str:
        module = f"{name}_plugin"
        (site / f"{module}.py").write_text(textwrap.dedent(source))
        dist = site / f"clapboard_{name}-{version}.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: clapboard-{name}\nVersion: {version}\n"
                                       + textwrap.dedent(metadata).lstrip())
        (dist / "entry_points.txt").write_text(f"[clapboard]\n{name} = {module}\n")
        sys.modules.pop(module, None)
        return module

    install.site = site
    yield install
