"""The fork pool's one dispatch: runs of items on forked processes, or here."""

import os

from analysis.run import pool

_DATA: dict = {}


def _square(items):
    return [(_DATA["base"] + i * i, os.getpid()) for i in items]


def test_map_in_runs_gives_the_same_list_pooled_or_here():
    _DATA["base"] = 100  # set before the fork: the workers inherit it
    items = list(range(12))
    here = pool.map_in_runs(_square, items, workers=2, pooled=False)
    pooled = pool.map_in_runs(_square, items, workers=2, pooled=True, sizes=[3] * 12)
    assert [v for v, _ in pooled] == [v for v, _ in here] == [100 + i * i for i in items]
    assert {p for _, p in here} == {os.getpid()}
    if pool.fork_available():
        assert os.getpid() not in {p for _, p in pooled}  # computed on the workers


def test_map_in_runs_stays_here_for_one_item_or_one_worker():
    _DATA["base"] = 0
    for items, workers in (([5], 2), ([1, 2, 3], 1)):
        out = pool.map_in_runs(_square, items, workers=workers, pooled=True)
        assert out == [(i * i, os.getpid()) for i in items]
