"""Inside a kernel the batch keeps alive across notebooks (reporting/kernels.py): the state a
notebook may change, saved once after the kernel's imports and put back before each notebook,
so that a notebook runs as it would in a fresh kernel that had already imported those modules.

Put back: the user namespace, `In`/`Out`, the execution count and the history (IPython's own
`reset(new_session=True)`), the working folder, environment variables, `sys.path`, the
warning filters (and with them the "shown once" registries), open matplotlib figures and
`rcParams`, pandas options. Not put back: the state of imported modules beyond those (a
notebook that patches a library's function changes it for the next one), the random
generators' states (unseeded draws differ from run to run anyway). What a preloaded module
prints or warns while it is imported happens once, before the first notebook, so it is in no
notebook's output (`report --fresh-kernels` runs every notebook in a kernel of its own).

This module runs in the kernel only; it imports nothing heavy itself.
"""

from __future__ import annotations

import copy
import gc
import importlib
import os
import sys
import warnings
from typing import Any

_SAVED: dict[str, Any] = {}


def snapshot(preload: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Import `preload` (what every notebook's set-up imports: the point of sharing the
    kernel), then save the state `restore` puts back. Returns the modules that failed to
    import (the notebooks then import them, or fail, themselves)."""
    missing = []
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:  # a broken import fails the notebook that needs it, not the kernel
            missing.append(name)
    from IPython import get_ipython

    shell = get_ipython()
    # The module attributes of __main__ (its __spec__, __loader__, …): IPython's reset clears
    # them with the namespace, and multiprocessing's spawn reads __main__.__spec__.
    _SAVED["dunders"] = {} if shell is None else {
        k: v for k, v in shell.user_ns.items() if k.startswith("__") and k.endswith("__")}
    _SAVED["environ"] = dict(os.environ)
    _SAVED["path"] = list(sys.path)
    catcher = warnings.catch_warnings()
    catcher.__enter__()  # its __exit__ puts the filters (and showwarning) back as they are now
    _SAVED["warnings"] = catcher
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        _SAVED["rc"] = copy.deepcopy(dict(mpl.rcParams))
    options = _pandas_options()
    if options is not None:
        _SAVED["pandas"] = options
    # What the imports made lives as long as the kernel: out of the garbage collector's sight,
    # so that the full collection IPython's reset runs before each notebook (and those the
    # notebooks trigger) walk only what the notebooks make (~0.1 s less per notebook).
    gc.collect()
    gc.freeze()
    return missing


def restore(folder: str) -> None:
    """Put the saved state back and move to `folder` (where the next notebook runs)."""
    if not _SAVED:
        raise RuntimeError("kernel_state.restore before snapshot")
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # namespace, In/Out, _, execution count 1, history
        for key, value in _SAVED["dunders"].items():
            shell.user_ns.setdefault(key, value)
    os.chdir(folder)
    if dict(os.environ) != _SAVED["environ"]:
        os.environ.clear()
        os.environ.update(_SAVED["environ"])
    sys.path[:] = _SAVED["path"]
    _SAVED["warnings"].__exit__(None, None, None)
    catcher = warnings.catch_warnings()
    catcher.__enter__()
    _SAVED["warnings"] = catcher
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "rc" in _SAVED:
        # As matplotlib's rc_context puts rcParams back: raw, without validating again.
        dict.update(sys.modules["matplotlib"].rcParams, copy.deepcopy(_SAVED["rc"]))
    if "pandas" in _SAVED:
        _restore_pandas(_SAVED["pandas"])


def _pandas_options() -> dict[str, Any] | None:
    pd = sys.modules.get("pandas")
    if pd is None:
        return None
    from pandas._config import config  # the registry of option names (no public list)

    keys = [k for k in config._registered_options if k not in config._deprecated_options]
    return {k: copy.deepcopy(pd.get_option(k)) for k in keys}


def _restore_pandas(saved: dict[str, Any]) -> None:
    pd = sys.modules["pandas"]
    for key, value in saved.items():
        if pd.get_option(key) != value:
            pd.set_option(key, copy.deepcopy(value))
