"""Facts about the machine a benchmark ran on, recorded beside every figure."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from typing import Any


def machine() -> dict[str, Any]:
    """Cores, memory, Python and the time of the run."""
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "memory_gib": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }
