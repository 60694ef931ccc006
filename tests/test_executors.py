"""Running tasks: on worker processes started early, in a child process, results kept as they
come."""

from __future__ import annotations

import os
import threading
import time

import pytest

from korea_notes import executors
from korea_notes.executors import Child, execute, worker_pool


@pytest.fixture(autouse=True)
def forkable(monkeypatch):
    """Children are forked even if an earlier test left a thread running in this process."""
    monkeypatch.setattr(executors, "can_fork", lambda: True)


def in_child(function, *args, **kwargs):
    return Child(function, *args, **kwargs).result()


LOADED: list[int] = []
"""Stands for data the calling process loads after its workers started."""


def loaded_here(_item: object) -> int:
    return len(LOADED)


def process_id(_item: object = None) -> int:
    return os.getpid()


def fail(_item: object = None) -> None:
    raise ValueError("the child's own error")


def exit_now() -> None:
    os._exit(3)


def test_workers_started_early_hold_nothing_loaded_after_them():
    with worker_pool(2) as pool:
        LOADED.extend(range(1000))
        try:
            seen = execute(loaded_here, [1, 2, 3, 4], [1, 1, 1, 1], workers=2, pool=pool)
        finally:
            LOADED.clear()
    assert seen == [0, 0, 0, 0]


def test_one_worker_is_this_process_and_needs_no_pool():
    with worker_pool(1) as pool:
        assert pool is None
        assert execute(process_id, [1, 2], [1, 1], workers=1) == [os.getpid()] * 2


def test_kept_results_are_what_keep_makes_of_each_in_item_order():
    with worker_pool(2) as pool:
        kept = execute(str, [3, 1, 2], [1, 5, 2], workers=2, pool=pool,
                       keep=lambda result: result * 2)
    assert kept == ["33", "11", "22"]


def test_a_function_in_a_child_runs_in_another_process_and_returns_its_result():
    assert in_child(process_id) != os.getpid()
    assert in_child(sorted, [3, 1, 2], reverse=True) == [3, 2, 1]


def test_an_error_in_the_child_is_raised_here():
    with pytest.raises(ValueError, match="the child's own error"):
        in_child(fail)


def test_a_child_started_before_the_workers_gives_its_result_after_them():
    child = Child(sorted, [2, 1])
    with worker_pool(2) as pool:
        workers = execute(process_id, [1, 2, 3], [1, 1, 1], workers=2, pool=pool)
        assert child.result() == [1, 2]
    assert os.getpid() not in workers


def test_a_child_result_larger_than_a_pipe_buffer_comes_back_whole():
    assert in_child(bytes, 10_000_000) == bytes(10_000_000)


def test_a_child_whose_result_is_not_asked_for_is_stopped():
    child = Child(time.sleep, 60)
    child.close()
    assert not child._process.is_alive()


def test_a_child_that_dies_is_named_with_its_exit_code():
    with pytest.raises(RuntimeError, match="exit_now ended without a result .exit code 3"):
        in_child(exit_now)


def test_no_child_is_forked_from_a_process_running_threads(monkeypatch):
    monkeypatch.undo()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not executors.can_fork()
        assert in_child(process_id) == os.getpid()
    finally:
        stop.set()
        thread.join()
