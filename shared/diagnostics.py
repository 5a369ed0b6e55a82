"""Where a process is waiting, for the log when something that should end does not.

Only code locations are reported (file, line, function of each task's innermost frame): never
local variables or arguments, which can hold personal data.
"""

from __future__ import annotations

import asyncio
from pathlib import Path


def waiting_tasks(limit: int = 20) -> list[str]:
    """`task name: file:line in function` for each unfinished task but the caller's own."""
    current = asyncio.current_task()
    found = []
    for task in asyncio.all_tasks():
        if task is current or task.done():
            continue
        frames = task.get_stack()
        if frames:
            code = frames[-1].f_code
            where = f"{Path(code.co_filename).name}:{frames[-1].f_lineno} in {code.co_name}"
        else:
            where = "not started"
        found.append(f"{task.get_name()}: {where}")
    return sorted(found)[:limit]
