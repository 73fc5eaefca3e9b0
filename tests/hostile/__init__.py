"""Hostile upload files, generated at test time (the large ones are never committed).

Each case is a file an attacker or a careless office could send, with what
must happen to it: refused, with a Vietnamese sentence saying what is wrong,
stopped by the named limit of `metrics.limits` (counted in rows read and
bytes inflated, never timed), and nothing changed in the store.
`tests/test_hostile_files.py` drives every case through the command line and
the upload page; `bench/hostile.py` measures time and memory for each.
"""

from tests.hostile.cases import CASES, Hostile

__all__ = ["CASES", "Hostile"]
