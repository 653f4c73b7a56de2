#!/usr/bin/env python3
"""Compares the sub-benchmarks of one benchmark on a noisy machine.

Each run is its own process with one sub-benchmark, and the runs of a round
(every binary times every sub-benchmark) go in a random order, so that no
variant always runs first, after a warm cache, or next to another's garbage.
It reports per variant the median wall time per operation (the benchmark's
ns/op), the median CPU time per operation (user + system time of the whole
process, server goroutines and GC included, divided by the operation count),
B/op and allocs/op, and the median over rounds of each one's ratio to the
reference sub-benchmark at the same level (the ref leaf name: "otelhttp"
compares GET/otelhook with GET/otelhttp).

    go test -c -o /tmp/otelhook.test ./otelhook/
    python3 otelhook/testdata/benchcmp.py -rounds 24 -n 3000 -ref otelaws+otelhttp \\
        BenchmarkSDKCall bare,otelaws,otelaws+otelhttp,otelhook /tmp/otelhook.test

Pass two binaries (before and after a change) to compare them in the same
rounds. The CPU figure includes the process's start and the benchmark's
setup: use an -n large enough (runs of half a second or more) that they do
not count.
"""
import argparse, collections, os, random, re, resource, statistics, subprocess

p = argparse.ArgumentParser()
p.add_argument("-rounds", type=int, default=16)
p.add_argument("-n", type=int, default=3000, help="operations per run (-test.benchtime Nx)")
p.add_argument("-ref", required=True, help="reference sub-benchmark (leaf name)")
p.add_argument("bench")
p.add_argument("subs", help="comma-separated sub-benchmarks, e.g. GET/otelhttp,GET/otelhook")
p.add_argument("bins", nargs="+")
a = p.parse_args()
subs = a.subs.split(",")
line = re.compile(r"^Benchmark\S+\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) B/op\s+([\d.]+) allocs/op)?")
wall, cpu, mem = collections.defaultdict(list), collections.defaultdict(list), {}
rounds = []
for _ in range(a.rounds):
    jobs = [(b, s) for b in a.bins for s in subs]
    random.shuffle(jobs)
    rw, rc = {}, {}
    for b, s in jobs:
        pat = a.bench + "$/^" + re.escape(s).replace("/", "$/^") + "$"
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([b, "-test.run", "^$", "-test.bench", pat, "-test.benchmem",
                              "-test.count", "1", "-test.benchtime", f"{a.n}x"],
                             capture_output=True, text=True, check=True).stdout
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c = ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1e9 / a.n
        for l in out.splitlines():
            m = line.match(l)
            if m:
                rw[(b, s)], rc[(b, s)] = float(m.group(1)), c
                wall[(b, s)].append(float(m.group(1)))
                cpu[(b, s)].append(c)
                mem[(b, s)] = (m.group(2) or "-", m.group(3) or "-")
    rounds.append((rw, rc))

print(f"{a.bench}: {a.rounds} rounds of {a.n} operations, one process per run, shuffled")
print(f"{'binary':12} {'sub':20} {'wall ns/op':>10} {'cpu ns/op':>10} {'B/op':>7} {'allocs':>6} {'wall/ref':>8} {'cpu/ref':>8}")
for b in a.bins:
    for s in subs:
        k = (b, s)
        if k not in wall:
            continue
        ref = (b, s.rsplit("/", 1)[0] + "/" + a.ref if "/" in s else a.ref)
        ratios = [[r[k] / r[ref] for r in rr if k in r and ref in r] for rr in zip(*rounds)]
        rw = statistics.median(ratios[0]) if ratios[0] else float("nan")
        rc = statistics.median(ratios[1]) if ratios[1] else float("nan")
        print(f"{os.path.basename(b):12} {s:20} {statistics.median(wall[k]):10.0f} {statistics.median(cpu[k]):10.0f} "
              f"{mem[k][0]:>7} {mem[k][1]:>6} {rw:8.3f} {rc:8.3f}")
