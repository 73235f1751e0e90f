"""The fork pool's one dispatch: runs of items on forked processes, or here; and one
computation in the background."""

import os

import pytest

from analysis.run import pool
from analysis.run.pool import Background, fork_available

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


def test_background_gives_the_value_forked_or_here_and_raises_what_fn_raised():
    parent = os.getpid()
    data = list(range(1000))  # a closure over the caller's data: inherited, not pickled
    job = Background(lambda: (os.getpid() != parent, sum(data)), forked=True)
    assert job.result() == (fork_available(), sum(data))
    assert job.result() == (fork_available(), sum(data))  # once computed, kept
    assert Background(lambda: (os.getpid() != parent, 1), forked=False).result() == (False, 1)

    def fails():
        raise ValueError("bad line")

    with pytest.raises(ValueError, match="bad line"):
        Background(fails, forked=True).result()


def test_background_computes_here_when_its_process_dies():
    parent = os.getpid()

    def dies_away():
        if os.getpid() != parent:
            os._exit(3)  # killed before it answers
        return "here"

    assert Background(dies_away, forked=True).result() == "here"
