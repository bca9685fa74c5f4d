"""Time named steps of a module while a benchmark runs through it."""

from __future__ import annotations

import time


def time_steps(module, names) -> dict[str, float]:
    """Wrap each function `names` of `module` so its time adds up in the returned dict."""
    steps: dict[str, float] = {}
    for name in names:
        original = getattr(module, name)
        original = getattr(original, "__wrapped_step__", original)

        def timed(*args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                steps[_name] = steps.get(_name, 0) + time.perf_counter() - start

        timed.__wrapped_step__ = original
        setattr(module, name, timed)
    return steps
