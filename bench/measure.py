"""Runs one command and writes its wall time, CPU time and peak resident memory as JSON.

    python3 -S bench/measure.py RESULT.json TIMEOUT STDOUT STDERR CMD [ARG...]

Why a separate small process: on Linux a child's ru_maxrss starts from the resident size of the
process it was forked from (the high-water mark survives fork and exec), so forking the commands
from the benchmark itself, which holds its generated documents in memory, would report that size
for every command. Forked from this wrapper (started with -S: about 7 MB), the floor is small.
The wall time is taken here, around fork, exec and wait, so the wrapper's own start-up is not in it.
"""
import json
import os
import signal
import sys
import time


def main():
    result_path, timeout, out_path, err_path = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
    cmd = sys.argv[5:]
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            os.dup2(null, 0)
            os.dup2(out, 1)
            os.dup2(err, 2)
            os.execvp(cmd[0], cmd)
        except OSError as e:
            os.write(2, ("measure: cannot run %s: %s\n" % (cmd[0], e)).encode())
        os._exit(127)
    timed_out = []

    def on_alarm(signum, frame):
        timed_out.append(True)
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    _, status, ru = os.wait4(pid, 0)  # retried after the alarm handler (PEP 475)
    signal.setitimer(signal.ITIMER_REAL, 0)
    wall = time.perf_counter() - t0
    with open(result_path, "w") as f:
        json.dump({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
                   "rc": os.waitstatus_to_exitcode(status), "timed_out": bool(timed_out)}, f)


if __name__ == "__main__":
    main()
