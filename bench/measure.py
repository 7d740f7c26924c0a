"""Runs one command and writes its wall time, CPU time and peak resident memory as JSON.

    python3 -S bench/measure.py [--tree-rss] RESULT.json TIMEOUT STDOUT STDERR CMD [ARG...]

Why a separate small process: on Linux a child's ru_maxrss starts from the resident size of the
process it was forked from (the high-water mark survives fork and exec), so forking the commands
from the benchmark itself, which holds its generated documents in memory, would report that size
for every command. Forked from this wrapper (started with -S: about 7 MB), the floor is small.
The wall time is taken here, around fork, exec and wait, so the wrapper's own start-up is not in it.

With --tree-rss the command's whole process tree (tally ingest and its worker processes) is sampled
every 10 ms from /proc, and the largest sum of their resident sizes is written as tree_rss_kb:
ru_maxrss is the peak of the largest single process, not of the processes alive together.
"""
import json
import os
import signal
import sys
import time


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(root):
    """The summed resident size of root and its descendants (kB), from /proc; 0 when root is gone."""
    parent, rss = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
            with open("/proc/%s/statm" % name) as f:
                resident = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile
        pid = int(name)
        parent[pid] = int(stat[stat.rindex(")") + 2:].split()[1])  # the field after the state
        rss[pid] = resident * PAGE_KB
    tree, frontier = set(), [root] if root in rss else []
    while frontier:
        p = frontier.pop()
        tree.add(p)
        frontier += [c for c, pp in parent.items() if pp == p and c not in tree]
    return sum(rss[p] for p in tree)


def wait_sampling(pid, peak):
    """wait4 for pid, sampling its tree's resident size every 10 ms into peak[0]."""
    while True:
        done, status, ru = os.wait4(pid, os.WNOHANG)
        if done == pid:
            return done, status, ru
        peak[0] = max(peak[0], tree_rss_kb(pid))
        time.sleep(0.01)


def main():
    args = sys.argv[1:]
    sample = args[0] == "--tree-rss"
    if sample:
        args = args[1:]
    result_path, timeout, out_path, err_path = args[0], float(args[1]), args[2], args[3]
    cmd = args[4:]
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
    peak = [0]
    if sample:
        _, status, ru = wait_sampling(pid, peak)
    else:
        _, status, ru = os.wait4(pid, 0)  # retried after the alarm handler (PEP 475)
    signal.setitimer(signal.ITIMER_REAL, 0)
    wall = time.perf_counter() - t0
    with open(result_path, "w") as f:
        json.dump({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
                   "rc": os.waitstatus_to_exitcode(status), "timed_out": bool(timed_out), "tree_rss_kb": peak[0] if sample else None}, f)


if __name__ == "__main__":
    main()
