"""Running the pipeline's tasks: in this process, on a pool of worker processes, or on a Dask
cluster, with a progress bar counting articles."""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

PROGRESS_UNIT = "article"

IN_FLIGHT = 2
"""Items handed to the pool per worker at a time."""


def worker_count(workers: int | None) -> int:
    """The number of worker processes: ``workers``, or every core of this machine for None."""
    if workers is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}. Fix: pass workers=1 to "
                         "run in this process, or None for every core.")
    return workers


def client_cores(client: Any) -> int:
    """The number of threads of a Dask client's workers (1 without a client)."""
    if client is None:
        return 1
    return max(1, sum(client.nthreads().values()))


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``workers`` processes started now (None for one worker), to hand to
    :func:`execute` later: with the "fork" start method (Linux) a worker is a copy of this
    process as it is when the worker starts, so a pool started before this process loads
    anything large (a corpus's metadata and cache index) does not hold a copy of it. The
    workers are stopped on leaving, whether or not they were used."""
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        # Every worker is started by the first submission (at once under "fork", as they
        # are wanted under other start methods).
        for future in [pool.submit(_ready) for _ in range(workers)]:
            future.result()
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ready() -> None:
    """What a worker runs to be started."""


def can_fork() -> bool:
    """Whether a child process can be forked from this one safely: "fork" is the start
    method, this process runs one thread (forking a threaded process can deadlock the child)
    and is not itself a daemonic worker (which may not have children)."""
    return (multiprocessing.get_context().get_start_method() == "fork"
            and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


class Child:
    """``function(*args, **kwargs)`` started now in a child process where one can be forked
    (:func:`can_fork`), else run here at once; :meth:`result` waits for it. What the function
    allocates on the way to its result goes back to the machine when the child ends, and only
    the result comes back: a Python process keeps much of the memory it has freed, scattered
    among what it still holds."""

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._name = getattr(function, "__qualname__", repr(function))
        self._process: Any = None
        if not can_fork():
            self._value = function(*args, **kwargs)
            return
        context = multiprocessing.get_context("fork")
        self._pipe, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, daemon=True,
                                        args=(sender, function, args, kwargs))
        self._process.start()
        sender.close()

    def result(self) -> Any:
        """The function's result, or the error it raised, raised here."""
        if self._process is None:
            return self._value
        try:
            succeeded, value, trace = self._pipe.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"the child process running {self._name} ended without a "
                               f"result (exit code {self._process.exitcode})") from None
        except Exception as error:
            self.close()
            raise RuntimeError(f"the result of {self._name} from its child process could "
                               f"not be read: {error!r}") from error
        finally:
            self._pipe.close()
        self._process.join()
        if succeeded:
            return value
        raise value from RuntimeError(f"in the child process running {self._name}:\n{trace}")

    def close(self) -> None:
        """Stop the child if it is still running (its result was not asked for)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _send_result(sender: Any, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        outcome = (True, function(*args, **kwargs), "")
    except Exception as error:  # noqa: BLE001 - every error goes back to the caller
        outcome = (False, error, traceback.format_exc())
    try:
        sender.send(outcome)
    except Exception as error:  # noqa: BLE001 - the result or the error would not pickle
        sender.send((False, RuntimeError(f"{outcome[1]!r} could not be sent back: {error!r}"),
                     outcome[2]))
    sender.close()


def execute(function: Callable[[Any], Any], items: Sequence[Any], sizes: Sequence[int], *,
            workers: int, client: Any = None, show: bool = False, done: int = 0,
            total: int | None = None, pool: ProcessPoolExecutor | None = None,
            keep: Callable[[Any], Any] | None = None) -> list[Any]:
    """``function`` of every item, in item order: on ``client``'s cluster when given, else on
    ``workers`` processes (1: in this process; ``pool``: on these, started earlier with
    :func:`worker_pool`). ``sizes`` are the articles of each item, for the progress bar
    (shown when ``show``; ``done`` of ``total`` articles count as done already). The largest
    items start first, so that no core waits for a late large one. With ``keep``, what is
    returned is ``keep(result)`` of each, called as each result comes (so a large result need
    not be held until the last one comes)."""
    with Progress(sizes, show, done, total, keep) as progress:
        if not items:
            return []
        if client is not None:
            return _on_dask(function, items, client, progress)
        if workers == 1 or (len(items) == 1 and pool is None):
            for index, item in enumerate(items):
                progress.done(index, function(item))
            return progress.results()
        return _in_pool(function, items, sizes, workers, progress, pool)


def _in_pool(function: Callable[[Any], Any], items: Sequence[Any], sizes: Sequence[int],
             workers: int, progress: Progress, started: ProcessPoolExecutor | None = None
             ) -> list[Any]:
    """Items on a pool of worker processes (``started``, or one made here; the platform's
    default start method: "fork" on Linux, so a script need not guard its code with
    ``if __name__ == "__main__"`` there; on macOS and Windows it must, as for any Python
    multiprocessing). At most :data:`IN_FLIGHT` items per worker are handed over at a time,
    and an item is taken from ``items`` only then (``items`` may make it on demand), so
    memory does not grow with their number."""
    order = iter(sorted(range(len(items)), key=lambda index: -sizes[index]))
    with _pool(started, min(workers, len(items))) as pool:
        running: dict[Any, int] = {}

        def submit() -> None:
            index = next(order, None)
            if index is not None:
                running[pool.submit(function, items[index])] = index

        for _ in range(IN_FLIGHT * workers):
            submit()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                progress.done(running.pop(future), future.result())
                submit()
        return progress.results()


@contextmanager
def _pool(started: ProcessPoolExecutor | None, workers: int) -> Iterator[ProcessPoolExecutor]:
    """``started`` as it is (its owner stops it), or a new pool of ``workers``, stopped after."""
    if started is not None:
        yield started
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield pool


def _on_dask(function: Callable[[Any], Any], items: Sequence[Any], client: Any,
             progress: Progress) -> list[Any]:
    from distributed import as_completed as dask_completed

    futures = client.map(function, list(items), pure=False)
    positions = {future.key: index for index, future in enumerate(futures)}
    for future in dask_completed(futures):
        progress.done(positions[future.key], future.result())
        future.release()
    return progress.results()


class Progress:
    """Collects results in item order and advances a progress bar (tqdm, on stderr) if shown."""

    def __init__(self, sizes: Sequence[int], show: bool, done: int = 0,
                 total: int | None = None, keep: Callable[[Any], Any] | None = None) -> None:
        self._sizes = list(sizes)
        self._keep = keep
        self._results: list[Any] = [None] * len(sizes)
        self._finished = [False] * len(sizes)
        self._bar = None
        if show:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total if total is not None else done + sum(self._sizes),
                             initial=done, unit=PROGRESS_UNIT, desc="korea_notes pipeline",
                             smoothing=0.1)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exception: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def done(self, index: int, result: Any) -> Any:
        self._results[index] = result if self._keep is None else self._keep(result)
        self._finished[index] = True
        if self._bar is not None:
            self._bar.update(self._sizes[index])
        return self._results[index]

    def results(self) -> list[Any]:
        missing = [index for index, finished in enumerate(self._finished) if not finished]
        if missing:
            raise RuntimeError(f"tasks {missing} returned no result")
        return list(self._results)
