"""Work that can be stopped: a function run in a child process, killed on a time limit or on Ctrl-C.

pyoxigraph evaluates a query in Rust without checking for signals or deadlines, so a heavy query can only
be stopped by ending the process that runs it. The child is forked: it starts at once and shares what the
parent has loaded. Fork only from a process that runs no other threads (the ``kg`` command does).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable

from kg.errors import KgError


#: How often a running child is checked on, in seconds.
POLL_SECONDS = 0.2


class TimedOut(KgError):
    """The work ran past its time limit and was stopped."""


class Cancelled(KgError):
    """The work was stopped because its caller gave up."""


def _child(sender, function: Callable, args: tuple, kwargs: dict) -> None:
    try:
        outcome = (True, function(*args, **kwargs))
    except Exception as error:  # noqa: BLE001 (handed to the parent, which raises it)
        outcome = (False, error)
    try:
        sender.send(outcome)
    except Exception as error:  # noqa: BLE001 (an answer or error that cannot be pickled)
        sender.send((False, KgError(f"{type(error).__name__}: {error}")))


def run_bounded(function: Callable, *args, timeout: float | None = None,
                cancelled: Callable[[], bool] | None = None, **kwargs):
    """``function(*args, **kwargs)`` computed in a child process; its result comes back, or the exception it
    raised is raised here.
    Past ``timeout`` seconds the child is killed and :class:`TimedOut` raised; on Ctrl-C
    (``KeyboardInterrupt``) it is killed too, so no query keeps burning a core, and so it is when
    ``cancelled()`` (asked every :data:`POLL_SECONDS`) turns true, e.g. when the client has gone.

    >>> run_bounded(sum, [1, 2, 3], timeout=60)
    6
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args, kwargs), daemon=True)
    child.start()
    sender.close()
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not receiver.poll(POLL_SECONDS if deadline is None else max(0, min(POLL_SECONDS, deadline - time.monotonic()))):
            if deadline is not None and time.monotonic() >= deadline:
                raise TimedOut(f"stopped after {timeout:g} s (--timeout sets the limit)")
            if cancelled is not None and cancelled():
                raise Cancelled("stopped: nobody waits for the answer any more")
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            child.join()
            raise KgError(f"the worker process died (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if succeeded:
        return value
    raise value
